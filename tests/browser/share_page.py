"""Drives Debian's headless Chromium through the shared-link download page, as a person would.

    python3 share_page.py PAGE_URL DOWNLOAD_DIR SCREENSHOT [PASSWORD]

With PASSWORD it first expects the password form, submits a wrong password (the form must come back saying so),
then the right one. It then reads the page's name, file count and size, clicks the first download button, waits
(with a deadline) for the browser to finish the file in DOWNLOAD_DIR, saves a screenshot, and prints one JSON
object: {"title", "summary", "bytes", "buttons", "wrongPassword", "file"}. Any failure exits non-zero.
"""
import json
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

DEADLINE = 60


def browser(download_dir):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=420,900"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": download_dir,
        "download.prompt_for_download": False,
        "safebrowsing.enabled": False,
    })
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": download_dir})
    return driver


def unlock(driver, password):
    wait = WebDriverWait(driver, DEADLINE)
    wait.until(expected_conditions.presence_of_element_located((By.ID, "password")))
    driver.find_element(By.ID, "password").send_keys(password + "-wrong")
    driver.find_element(By.CSS_SELECTOR, "form button").click()
    wrong = wait.until(expected_conditions.presence_of_element_located((By.ID, "error"))).text
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form button").click()
    return wrong


def finished_download(download_dir):
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        names = os.listdir(download_dir)
        done = [n for n in names if not n.endswith(".crdownload") and not n.startswith(".")]
        if done and not any(n.endswith(".crdownload") for n in names):
            return os.path.join(download_dir, done[0])
        time.sleep(0.05)
    raise SystemExit("no finished download in %s after %ss: %s" % (download_dir, DEADLINE, os.listdir(download_dir)))


def main():
    url, download_dir, screenshot = sys.argv[1:4]
    password = sys.argv[4] if len(sys.argv) > 4 else None
    driver = browser(download_dir)
    try:
        driver.get(url)
        wrong = unlock(driver, password) if password else None
        WebDriverWait(driver, DEADLINE).until(
            expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, "button[data-archive]")))
        result = {
            "title": driver.find_element(By.TAG_NAME, "h1").text,
            "summary": driver.find_element(By.ID, "summary").text,
            "bytes": driver.find_element(By.ID, "bytes").text,
            "buttons": len(driver.find_elements(By.CSS_SELECTOR, "button[data-archive]")),
            "wrongPassword": wrong,
        }
        driver.save_screenshot(screenshot)
        driver.find_element(By.CSS_SELECTOR, "button[data-archive]").click()
        result["file"] = finished_download(download_dir)
        print(json.dumps(result))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
