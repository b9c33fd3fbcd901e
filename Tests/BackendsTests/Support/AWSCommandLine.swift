import Foundation
import TestSupport

/// The AWS command line (`aws`, from PyPI: the outside oracle for bucket settings) against the test server,
/// with the test server's keys and none of the machine's AWS settings.
enum AWSCommandLine {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `aws --endpoint-url … ARGUMENTS` and returns its stdout; a non-zero exit throws with its stderr.
    static func run(_ arguments: [String]) async throws -> Data {
        var environment = ProcessRunner.isolatedEnvironment()
        environment["AWS_ACCESS_KEY_ID"] = S3TestEnvironment.credentials.accessKeyId
        environment["AWS_SECRET_ACCESS_KEY"] = S3TestEnvironment.credentials.secretAccessKey
        environment["AWS_DEFAULT_REGION"] = S3TestEnvironment.variables["GA_TEST_S3_REGION"] ?? "us-east-1"
        let command = ["aws", "--endpoint-url", S3TestEnvironment.endpoint ?? ""] + arguments
        let isolated = environment
        let result = try await offCooperativePool {
            try ProcessRunner.run("/usr/bin/env", command, environment: isolated)
        }
        guard result.status == 0 else {
            throw Failure(description: "aws \(arguments.joined(separator: " ")) exited \(result.status): \(result.errors)")
        }
        return result.output
    }
}
