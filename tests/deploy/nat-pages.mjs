// Run by tests/deploy/network_test.py inside the client's network namespace:
// headless Chromium opens the server's pages at the URL in argv[2] (the
// server's public address, over https with its self-signed certificate,
// which Chromium is told to accept), and
// - ping-pong gets pongs back,
// - audio-video-loopback (the fake camera, so a secure context is needed)
//   plays the video the server sends back.
// Exits 0 when both work; prints what failed otherwise. Screenshots go to
// tests/browser/screenshots/nat-*.png.
import {eventually, launchBrowser, screenshot, watchErrors} from '../browser/harness.mjs';

const url = process.argv[2];
if (!url) throw new Error('usage: node nat-pages.mjs https://PUBLIC:PORT');

async function start(browser, name) {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${url}/${name}/`);
  await page.waitForFunction(() => !document.getElementById('start').disabled, null,
                             {timeout: 10000});
  await page.getByRole('button', {name: 'Start'}).click();
  return {page, errors};
}

function noErrors(errors, name) {
  if (errors.length) throw new Error(`${name}: ${errors.join('; ')}`);
}

const browser = await launchBrowser({args: ['--ignore-certificate-errors']});
try {
  {
    const {page, errors} = await start(browser, 'ping-pong');
    await page.waitForFunction(
        () => Number(document.getElementById('pong-count')?.textContent) >= 2, null,
        {timeout: 15000});
    await screenshot(page, 'nat-ping-pong');
    noErrors(errors, 'ping-pong');
    console.log('ping-pong: pongs through the NAT');
    await page.close();
  }
  {
    const {page, errors} = await start(browser, 'audio-video-loopback');
    const remote = '#remote';
    await page.waitForFunction(() => {
      const video = document.querySelector('#remote');
      return video && video.videoWidth > 0 && video.currentTime > 0.5;
    }, null, {timeout: 20000});
    const first = await page.locator(remote).evaluate((v) => v.currentTime);
    await eventually(
        async () => (await page.locator(remote).evaluate((v) => v.currentTime)) > first + 0.5,
        5000, 'the video keeps playing');
    const frames = await page.locator(remote).evaluate(
        (v) => v.getVideoPlaybackQuality().totalVideoFrames);
    if (!(frames > 10)) throw new Error(`audio-video-loopback: ${frames} frames decoded`);
    await screenshot(page, 'nat-audio-video-loopback');
    noErrors(errors, 'audio-video-loopback');
    console.log(`audio-video-loopback: ${frames} frames came back through the NAT`);
    await page.close();
  }
} finally {
  await browser.close();
}
