// What a person sees on /datachannel-buffer-limits/: with 16 MiB in 64 KiB
// chunks, Start ends in both rates within 60 s, and Stop leaves no open
// connection on the server. A chunk size the server would ignore never
// connects at all.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {eventually, screenshot, useServerAndBrowser, watchErrors} from './harness.mjs';

const name = 'datachannel-buffer-limits';
const env = useServerAndBrowser();

async function openPage() {
  const page = await env.browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/${name}/`);
  await page.waitForFunction(
      () => !document.getElementById('start').disabled, null, {timeout: 5000});
  return {page, errors};
}

// "123.4 Mbit/s" -> 123.4; anything else (still "–") -> NaN.
const mbitPerS = (text) => (/^\d+\.\d Mbit\/s$/.test(text) ? Number.parseFloat(text) : NaN);

test(`${name}: a chunk over 256 KiB is refused on the page, before connecting`, async () => {
  const {page, errors} = await openPage();
  await page.getByLabel('Chunk size').fill('300');
  await page.getByRole('button', {name: 'Start'}).click();
  // Start stays usable and nothing was asked of the server.
  assert.equal(await page.getByRole('button', {name: 'Start'}).isEnabled(), true);
  assert.equal(await page.locator('#chunk-kib').evaluate((input) => input.validity.valid), false);
  assert.match(await page.locator('#status').textContent(), /^Ready/);
  assert.deepEqual(await env.server.json(`/${name}/connections`), []);
  await screenshot(page, `${name}-invalid`);
  assert.deepEqual(errors, []);
  await page.close();
});

test(`${name}: 16 MiB in 64 KiB chunks shows both rates, Stop closes the connection`, async () => {
  const {page, errors} = await openPage();
  assert.equal(await page.getByRole('heading', {level: 1}).textContent(), name);
  assert.equal(await page.getByLabel('Amount (MiB)').inputValue(), '16');
  assert.equal(await page.getByLabel('Chunk size').inputValue(), '64');
  await page.getByLabel('Amount (MiB)').fill('16');
  await page.getByLabel('Chunk size').fill('64');
  await screenshot(page, `${name}-ready`);

  await page.getByRole('button', {name: 'Start'}).click();
  assert.equal(await page.getByLabel('Amount (MiB)').isDisabled(), true, 'inputs lock while on');
  await page.waitForFunction(() => {
    const done = (id) => / Mbit\/s$/.test(document.getElementById(id)?.textContent);
    const phase = document.getElementById('phase')?.dataset.phase;
    return (done('upload-rate') && done('download-rate')) || phase === 'failed';
  }, null, {timeout: 60000});
  const text = async (selector) => (await page.locator(selector).textContent()).trim();
  const phase = await page.locator('#phase').getAttribute('data-phase');
  if (phase !== 'done') await screenshot(page, `${name}-failed`);
  // On failure, say how far each direction got: that tells which side stalled.
  assert.equal(
      phase, 'done',
      `${await text('#phase')} sent ${await text('#sent')}, received ${
          await text('#received')}; log: ${await text('#log')}`);
  const upload = mbitPerS(await text('#upload-rate'));
  const download = mbitPerS(await text('#download-rate'));
  assert.ok(upload > 0, `upload rate: ${await text('#upload-rate')}`);
  assert.ok(download > 0, `download rate: ${await text('#download-rate')}`);
  assert.match(await text('#phase'), /^Done: 16 MiB went to the server at \d+\.\d Mbit\/s/);
  assert.equal(await text('#sent'), '16.0 MiB');
  assert.equal(await text('#received'), '16.0 MiB');
  // The page never let more than 1 MiB plus the chunk that crossed it queue up.
  const mostQueuedKiB = Number.parseInt(await text('#most-queued'), 10);
  assert.ok(mostQueuedKiB > 0 && mostQueuedKiB <= 1024 + 64, `most queued: ${mostQueuedKiB} KiB`);
  // The page waits for the server's "#READY" before it sends (client.js).
  assert.match(await text('#log'), /server ready .*"#START 64"/);
  assert.equal(
      (await env.server.openConnections(name)).length, 1, 'the server holds our connection');
  await screenshot(page, `${name}-done`);
  console.log(
      `page showed: upload ${upload} Mbit/s, download ${download} Mbit/s, ` +
      `most queued ${mostQueuedKiB} KiB`);

  await page.getByRole('button', {name: 'Stop'}).click();
  await page.waitForFunction(
      () => document.querySelector('#trail li:last-child')?.textContent === 'closed', null,
      {timeout: 5000});
  await eventually(
      async () => (await env.server.openConnections(name)).length === 0, 3000,
      `GET /${name}/connections still lists an open connection`);
  assert.equal(await page.getByRole('button', {name: 'Start'}).isEnabled(), true);
  assert.equal(await page.getByLabel('Amount (MiB)').isEnabled(), true);
  await screenshot(page, `${name}-stopped`);
  assert.deepEqual(errors, []);
  await page.close();
});
