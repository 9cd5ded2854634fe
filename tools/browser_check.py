"""Drive the served page in headless Chromium: upload a photo, wait for the names, check the expected one comes first, save a screenshot.

    python tools/browser_check.py URL PHOTO EXPECTED_NAME SCREENSHOT.png

Chromium comes from Debian (`apt-get install -y chromium`); Playwright drives it through `executable_path` (no `playwright install`).
Exit 0 and 'browser check passed' when the page shows EXPECTED_NAME first; 1 with the reason otherwise."""
import os, shutil, sys

def main(url, photo, expected, shot):
    from playwright.sync_api import sync_playwright
    exe = os.environ.get('CHROMIUM') or shutil.which('chromium') or shutil.which('chromium-browser') or '/usr/bin/chromium'
    if not os.path.exists(exe): sys.exit(f"error: no Chromium at {exe}; install it: apt-get install -y chromium")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, headless=True, args=['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'])
        try:
            page = b.new_page(viewport={'width': 390, 'height': 844}, device_scale_factor=1)     # a phone-width screen
            errors = []; page.on('pageerror', lambda e: errors.append(str(e)))
            page.goto(url)
            page.wait_for_function("document.getElementById('model').textContent.length > 0", timeout=30_000)
            page.set_input_files('#file', photo)
            page.wait_for_selector('#results li', timeout=60_000)
            names = page.locator('#results li .name').all_text_contents()
            status = page.locator('#status').text_content()
            page.screenshot(path=shot, full_page=True)
            if errors: sys.exit(f"error: the page raised: {errors[0]}")
            if not names or names[0] != expected: sys.exit(f"error: expected {expected!r} first, the page shows {names} ({status})")
            if page.evaluate("document.getElementById('photo').naturalWidth") == 0: sys.exit("error: the photo is not shown")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390: sys.exit(f"error: the page is {width}px wide on a 390px screen")
            print(f"browser check passed: {names[0]} first of {len(names)}; screenshot {shot}")
        finally: b.close()

if __name__ == '__main__':
    if len(sys.argv) != 5: sys.exit(__doc__)
    main(*sys.argv[1:])
