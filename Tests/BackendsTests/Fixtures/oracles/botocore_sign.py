"""botocore as a SigV4 oracle for the Swift signer tests.

Reads a JSON document on stdin: {"presign": [...], "headers": [...]} and writes, in the same order,
{"presign": [url, ...], "headers": [{header: value, ...}, ...]}. Every case carries its own credentials, region
and fixed signing time (botocore's clock is replaced). Nothing is sent over the network.
"""
import datetime
import json
import sys

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import botocore.session
from botocore.config import Config


def fix_clock(timestamp):
    instant = datetime.datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%SZ")
    botocore.auth.get_current_datetime = lambda *args, **kwargs: instant


def presign(case, session):
    fix_clock(case["timestamp"])
    client = session.create_client(
        "s3",
        region_name=case["region"],
        endpoint_url=case.get("endpoint"),
        aws_access_key_id=case["accessKeyId"],
        aws_secret_access_key=case["secretAccessKey"],
        aws_session_token=case.get("sessionToken"),
        config=Config(signature_version="s3v4", s3={"addressing_style": case["addressing"]}),
    )
    params = {"Bucket": case["bucket"], "Key": case["key"]}
    if case.get("responseContentType") is not None:
        params["ResponseContentType"] = case["responseContentType"]
    if case.get("responseContentDisposition") is not None:
        params["ResponseContentDisposition"] = case["responseContentDisposition"]
    return client.generate_presigned_url("get_object", Params=params, ExpiresIn=case["expires"])


def sign_headers(case):
    fix_clock(case["timestamp"])
    credentials = botocore.credentials.Credentials(
        case["accessKeyId"], case["secretAccessKey"], case.get("sessionToken"))
    request = botocore.awsrequest.AWSRequest(
        method=case["method"], url=case["url"], headers=dict(case["headers"]), data=case["body"].encode())
    botocore.auth.S3SigV4Auth(credentials, "s3", case["region"]).add_auth(request)
    return dict(request.headers.items())


def main():
    cases = json.load(sys.stdin)
    session = botocore.session.get_session()
    out = {
        "presign": [presign(case, session) for case in cases.get("presign", [])],
        "headers": [sign_headers(case) for case in cases.get("headers", [])],
    }
    json.dump(out, sys.stdout)


main()
