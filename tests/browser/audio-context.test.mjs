// The audio pages when the page's AudioContext cannot start (autoplay
// refused, no audio output): its state stays 'suspended'. The page must say
// so, not show "silence" as if the server sent it, and its button must start
// the audio. An init script makes every AudioContext suspend itself as soon
// as it is made, as such a browser leaves it; resume() still works.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {eventually, screenshot, useServerAndBrowser, watchErrors} from './harness.mjs';

const env = useServerAndBrowser();

function audioStaysSuspended() {
  const Real = window.AudioContext;
  window.AudioContext = class extends Real {
    constructor(...args) {
      super(...args);
      this.suspend();
    }
  };
}

// As above, and resume() fails until the test allows it (window.allowResume),
// as a browser refuses it to a page without a user gesture: for pages that
// call resume() themselves.
function audioRefusesResume() {
  const Real = window.AudioContext;
  window.AudioContext = class extends Real {
    constructor(...args) {
      super(...args);
      this.suspend();
    }
    resume() {
      if (!window.allowResume)
        return Promise.reject(new DOMException('not allowed', 'NotAllowedError'));
      return super.resume();
    }
  };
}

async function openSuspended(name, script = audioStaysSuspended) {
  const page = await env.browser.newPage();
  const errors = watchErrors(page);
  await page.addInitScript(script);
  await page.goto(`${env.server.url}/${name}/`);
  await page.waitForFunction(
      () => !document.getElementById('start').disabled, null, {timeout: 5000});
  await page.getByRole('button', {name: 'Start'}).click();
  return {page, errors};
}

async function stop(page, name) {
  await page.getByRole('button', {name: 'Stop'}).click();
  await eventually(
      async () => (await env.server.openConnections(name)).length === 0, 5000,
      'the server closes the connection');
}

test('sine-wave with a suspended AudioContext: says so, and its button starts it', async () => {
  const name = 'sine-wave';
  const {page, errors} = await openSuspended(name);
  const state = page.locator('#audio-state');
  await page.waitForFunction(
      () => /connected/.test(document.getElementById('trail')?.textContent), null,
      {timeout: 10000});
  await state.waitFor({timeout: 5000});
  assert.equal(await state.getAttribute('data-state'), 'suspended');
  assert.match(await state.textContent(), /Audio is suspended/);
  // Not "silence": the page hears nothing because it is not listening.
  await page.waitForFunction(
      () => document.getElementById('detected')?.textContent === 'not listening', null,
      {timeout: 5000});
  await screenshot(page, `${name}-suspended`);

  await page.locator('#resume-audio').click();
  await page.waitForFunction(
      () => document.getElementById('audio-state')?.dataset.state === 'running', null,
      {timeout: 5000});
  assert.equal(await page.locator('#resume-audio').isVisible(), false);
  await page.waitForFunction(() => {
    const match = /^(\d+\.\d) Hz$/.exec(document.getElementById('detected')?.textContent ?? '');
    return match && Math.abs(Number(match[1]) - 440) <= 3;
  }, null, {timeout: 15000});
  await screenshot(page, `${name}-resumed`);
  await stop(page, name);
  assert.deepEqual(errors, []);
  await page.close();
});

test('sine-wave-stereo with a suspended AudioContext: the same button starts it', async () => {
  const name = 'sine-wave-stereo';
  const {page, errors} = await openSuspended(name);
  await page.locator('#audio-state[data-state="suspended"]').waitFor({timeout: 10000});
  assert.equal(await page.locator('#left-level').textContent(), '–');
  await page.locator('#resume-audio').click();
  await page.locator('#audio-state[data-state="running"]').waitFor({timeout: 5000});
  await eventually(
      async () => Number(await page.locator('#left-level').textContent()) > 0.05, 10000,
      'the left channel is heard once audio runs');
  await stop(page, name);
  assert.deepEqual(errors, []);
  await page.close();
});

test(
    'pitch-detector with a suspended AudioContext: says so, sends silence, the button starts it',
    async () => {
      const name = 'pitch-detector';
      const {page, errors} = await openSuspended(name, audioRefusesResume);
      await page.locator('#audio-state[data-state="suspended"]').waitFor({timeout: 10000});
      await page.waitForFunction(
          () => /connected/.test(document.getElementById('trail')?.textContent), null,
          {timeout: 10000});
      // The server hears silence and so reports nothing.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(await page.locator('#heard').textContent(), '–');
      await screenshot(page, `${name}-suspended`);
      await page.evaluate(() => {
        window.allowResume = true;
      });
      await page.locator('#resume-audio').click();
      await page.locator('#audio-state[data-state="running"]').waitFor({timeout: 5000});
      await page.waitForFunction(() => {
        const match = /^(\d+) Hz$/.exec(document.getElementById('heard')?.textContent ?? '');
        return match && Math.abs(Number(match[1]) - 440) <= 3;
      }, null, {timeout: 15000});
      await stop(page, name);
      assert.deepEqual(errors, []);
      await page.close();
    });
