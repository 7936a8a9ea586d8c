// What a person sees on the audio pages: sine-wave hears the server's tone
// near 440 Hz and follows a retune; sine-wave-stereo moves the tone between
// the channels; pitch-detector shows the server's detection of the page's
// own WebAudio sine. Stop leaves no open connection.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {eventually, openAndStart, screenshot, useServerAndBrowser} from './harness.mjs';

const env = useServerAndBrowser();

// Waits until `#id` reads "<number> Hz" within `tolerance` of `hz`; returns it.
async function waitForHz(page, id, hz, tolerance, timeout = 15000) {
  await page.waitForFunction(([id, hz, tolerance]) => {
    const match = /^(\d+(?:\.\d)?) Hz$/.exec(document.getElementById(id)?.textContent ?? '');
    return match && Math.abs(Number(match[1]) - hz) <= tolerance;
  }, [id, hz, tolerance], {timeout});
  return page.locator(`#${id}`).textContent();
}

async function stop(page, name) {
  await page.getByRole('button', {name: 'Stop'}).click();
  await page.waitForFunction(
      () => document.querySelector('#trail li:last-child')?.textContent === 'closed', null,
      {timeout: 5000});
  await eventually(
      async () => (await env.server.openConnections(name)).length === 0, 5000,
      'the server closes the connection');
}

test('sine-wave: the page hears 440 Hz, then the frequency it asks for', async () => {
  const {page, errors} = await openAndStart(env, 'sine-wave');
  console.log(`sine-wave page shows ${await waitForHz(page, 'detected', 440, 3)}`);
  await screenshot(page, 'sine-wave-440');

  await page.getByLabel('New frequency (Hz)').fill('880');
  await page.getByRole('button', {name: 'Send to the server'}).click();
  console.log(`after asking for 880: ${await waitForHz(page, 'detected', 880, 5)}`);
  assert.equal(await page.locator('#asked').textContent(), '880 Hz');
  await screenshot(page, 'sine-wave-880');
  await stop(page, 'sine-wave');
  assert.deepEqual(errors, []);
  await page.close();
});

test('sine-wave-stereo: panning 0 is left only, 100 right only', async () => {
  const {page, errors} = await openAndStart(env, 'sine-wave-stereo');
  const levels = async () => ({
    left: Number(await page.locator('#left-level').textContent()),
    right: Number(await page.locator('#right-level').textContent()),
  });
  const slider = page.getByLabel(/Panning/);
  await page.waitForFunction(
      () => document.getElementById('panning')?.disabled === false, null, {timeout: 10000});
  for (const [value, louder, quieter] of [['0', 'left', 'right'], ['100', 'right', 'left']]) {
    await slider.fill(value);
    await eventually(async () => {
      const l = await levels();
      return l[louder] > 0.1 && l[quieter] < l[louder] / 10;
    }, 10000, `the ${louder} channel alone carries the tone at panning ${value}`);
    console.log(`panning ${value}: ${JSON.stringify(await levels())}`);
    await screenshot(page, `sine-wave-stereo-${value}`);
  }
  await stop(page, 'sine-wave-stereo');
  assert.deepEqual(errors, []);
  await page.close();
});

test('pitch-detector: the server hears the page\'s sine, and a change of it', async () => {
  const {page, errors} = await openAndStart(env, 'pitch-detector');
  console.log(`server reports ${await waitForHz(page, 'heard', 440, 5)}`);
  await screenshot(page, 'pitch-detector-440');

  await page.getByLabel('Frequency (Hz)').fill('660');
  await page.getByRole('button', {name: 'Change'}).click();
  console.log(`after changing to 660: ${await waitForHz(page, 'heard', 660, 5)}`);
  await screenshot(page, 'pitch-detector-660');
  await stop(page, 'pitch-detector');
  assert.deepEqual(errors, []);
  await page.close();
});
