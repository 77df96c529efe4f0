// Drives spread serve's page in headless Chromium through the DevTools protocol (puppeteer-core):
// the pictures of the pages show; a broken save of the data shows its FILE:LINE:COL lines within
// a few seconds while the pictures stay; the fix takes the lines away and new pictures come.
//
//   node preview.mjs URL DATA.yaml BROKEN.yaml PRINT_PAGES BRIEFING_PAGES
//
// It edits DATA.yaml itself (BROKEN.yaml's bytes, then the original again) and exits 0 when every
// step was seen, 1 with the reason otherwise. Chromium is /usr/bin/chromium unless CHROMIUM says.
import { readFileSync, writeFileSync } from "node:fs";
import puppeteer from "puppeteer-core";

const [url, dataFile, brokenFile, printPages, briefingPages] = process.argv.slice(2);
const errorsWithin = 5000; // ms from a save to its lines on the page: "within a few seconds"
const buildWithin = 60000; // ms for a build's pictures on a machine shared with other work

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const good = readFileSync(dataFile);
let failed = false;
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  await page.goto(url, { waitUntil: "domcontentloaded" });

  // pictures shown: n images, each loaded, each with a size on the page, of build b or later
  const pictures = (n, build) => page.waitForFunction((n, build) => {
    const imgs = [...document.querySelectorAll("#pages img")];
    return imgs.length === n && imgs.every(img => img.complete && img.naturalWidth > 0 &&
      img.getBoundingClientRect().height > 100 && Number(new URL(img.src).searchParams.get("build")) >= build);
  }, { timeout: buildWithin, polling: 50 }, Number(n), build);
  const errorLines = () => page.$$eval("#errors li", lis => lis.map(li => li.textContent));

  await pictures(printPages, 1);
  console.log(`print: ${printPages} pictures shown`);
  await page.click("#briefing");
  await pictures(briefingPages, 1);
  console.log(`briefing: ${briefingPages} pictures shown`);
  await page.click("#print");
  await pictures(printPages, 1);

  writeFileSync(dataFile, readFileSync(brokenFile));
  let saved = Date.now();
  await page.waitForFunction(() => {
    const lis = [...document.querySelectorAll("#errors li")];
    const box = document.getElementById("errors").getBoundingClientRect();
    return lis.length > 0 && lis.every(li => /\.yaml:\d+:\d+: /.test(li.textContent)) && box.height > 0;
  }, { timeout: errorsWithin, polling: 50 });
  console.log(`broken save: lines shown ${Date.now() - saved} ms after it: ${JSON.stringify(await errorLines())}`);
  await pictures(printPages, 1); // the last good pages are still there, under the lines

  writeFileSync(dataFile, good);
  saved = Date.now();
  await page.waitForFunction(() => document.querySelectorAll("#errors li").length === 0 &&
    document.getElementById("errors").getBoundingClientRect().height === 0, { timeout: buildWithin, polling: 50 });
  console.log(`fix: lines gone ${Date.now() - saved} ms after it`);
  await pictures(printPages, 2);
  console.log(`fix: new pictures ${Date.now() - saved} ms after it`);
} catch (e) {
  failed = true;
  console.log(`FAIL: ${e.message}`);
  writeFileSync(dataFile, good);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
