// The statistics panel every example page has (web/stats.js): within 2 s of
// connecting, both this page's and the server's plots have data, and the
// page says which path ICE chose.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {openAndStart, screenshot, useServerAndBrowser} from './harness.mjs';

const env = useServerAndBrowser();

// Waits for ICE to connect, then gives both sides' bitrate plots 2 s.
async function connectedWithPlots(page) {
  await page.waitForFunction(
      () => /connected|completed/.test(document.getElementById('trail').textContent), null,
      {timeout: 10000});
  await page.waitForFunction(() => {
    const {pagePoints, serverPoints} = document.getElementById('stats').dataset;
    return Number(pagePoints) >= 1 && Number(serverPoints) >= 1;
  }, null, {timeout: 2000});
}

// Both sides name a path: the candidate types and UDP, over loopback.
async function expectLoopbackPath(page) {
  for (const side of ['page', 'server']) {
    const text = await page.locator(`#stats-path dd[data-side="${side}"]`).textContent();
    assert.match(text, /^(host|peer-reflexive \(prflx\)), UDP udp /, `${side}: ${text}`);
    assert.match(text, /127\.0\.0\.1:\d+/, `${side}: ${text}`);
  }
}

// Whether each chart, by title, is hidden.
function chartsHidden(page) {
  return page.evaluate(() => {
    const counts = {};
    for (const chart of document.querySelectorAll('#stats .stats-chart')) {
      const title = chart.querySelector('.stats-chart-title').textContent;
      counts[title] = chart.hidden;
    }
    return counts;
  });
}

test('uPlot is served by our server, relative to the pages', async () => {
  const response = await fetch(`${env.server.url}/web/uplot/uPlot.iife.min.js`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/javascript/);
  assert.match(await response.text(), /uPlot/);
  const css = await fetch(`${env.server.url}/web/uplot/uPlot.min.css`);
  assert.equal(css.status, 200);
});

test('ping-pong: both sides plotted within 2 s of connecting, the path named', async () => {
  const {page, errors} = await openAndStart(env, 'ping-pong');
  await connectedWithPlots(page);
  await expectLoopbackPath(page);
  const hidden = await chartsHidden(page);
  assert.equal(hidden['Bitrate (kbit/s)'], false);
  // No video here: its charts stay hidden.
  assert.equal(hidden['Video frames per second'], true);
  await page.waitForFunction(
      () => Number(document.getElementById('stats').dataset.serverPoints) >= 3, null,
      {timeout: 5000});
  await screenshot(page, 'stats-ping-pong');
  await page.getByRole('button', {name: 'Stop'}).click();
  assert.deepEqual(errors, []);
  await page.close();
});

test('audio-video-loopback: video frame rate and size on both sides', async () => {
  const {page, errors} = await openAndStart(env, 'audio-video-loopback');
  await connectedWithPlots(page);
  await expectLoopbackPath(page);
  await page.waitForFunction(() => {
    const {pageVideoPoints, serverVideoPoints} = document.getElementById('stats').dataset;
    return Number(pageVideoPoints) >= 1 && Number(serverVideoPoints) >= 1;
  }, null, {timeout: 5000});
  assert.deepEqual(Object.values(await chartsHidden(page)), [false, false, false, false, false]);
  // A few seconds of plot for the screenshot.
  await page.waitForFunction(
      () => Number(document.getElementById('stats').dataset.serverPoints) >= 5, null,
      {timeout: 10000});
  // The frame-rate chart's latest figures: both sides send and receive.
  const now = await page.locator('#stats .stats-chart .stats-now').nth(3).textContent();
  assert.match(now, /^page ↑\d+ ↓\d+ · server ↑\d+ ↓\d+$/);
  assert.match(await page.locator('#stats-sizes').textContent(), /server sent \d+×\d+/);
  await screenshot(page, 'stats-audio-video-loopback');
  await page.getByRole('button', {name: 'Stop'}).click();
  assert.deepEqual(errors, []);
  await page.close();
});
