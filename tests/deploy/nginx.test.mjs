// The whole site behind Debian's nginx under a path prefix, with the
// configuration users get (deploy/nginx.conf): only its port and upstream
// are changed here. The pages must stay under the prefix (every URL
// relative), load with no 404 and no console error, and connect.
// nginx missing is a failure, not a skip (scripts/install-deps.sh has it).
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {chmod, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';

import {eventually, launchBrowser, playRecording, screenshot, startServer, watchErrors} from '../browser/harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const siteConfig = resolve(here, '../../deploy/nginx.conf');
const nginxBinary = process.env.NGINX || '/usr/sbin/nginx';
const kPrefix = '/webrtc/';  // as in deploy/nginx.conf

const env = {
  server: null,
  browser: null,
  nginx: null,
  url: null
};

// A port the kernel says is free now (nginx cannot be told to pick one).
async function freePort() {
  const probe = createServer();
  await new Promise((done) => probe.listen(0, '127.0.0.1', done));
  const {port} = probe.address();
  await new Promise((done) => probe.close(done));
  return port;
}

// deploy/nginx.conf with its port and upstream replaced (each must be found
// exactly where the file has it), included from a main configuration whose
// logs, pid and temporary files live in `dir`, as Debian's
// /etc/nginx/nginx.conf includes sites-enabled/*.
async function writeConfig(dir, port, upstreamPort) {
  let site = await readFile(siteConfig, 'utf8');
  const replace = (from, to, times) => {
    const count = site.split(from).length - 1;
    assert.equal(count, times, `deploy/nginx.conf: "${from}" expected ${times} times`);
    site = site.replaceAll(from, to);
  };
  replace('listen 8080;', `listen 127.0.0.1:${port};`, 1);
  replace('listen [::]:8080;', `listen [::1]:${port};`, 1);
  replace('proxy_pass http://127.0.0.1:3000/;', `proxy_pass http://127.0.0.1:${upstreamPort}/;`, 1);
  assert.match(site, /location \/webrtc\/ \{/);
  await writeFile(join(dir, 'site.conf'), site);
  // Workers run as nobody when nginx starts as root: let them write here.
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    await mkdir(join(dir, sub));
    await chmod(join(dir, sub), 0o777);
  }
  await chmod(dir, 0o755);
  await writeFile(join(dir, 'nginx.conf'), `
worker_processes 1;
error_log ${dir}/error.log info;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/site.conf;
}
`);
}

// nginx in the foreground (daemon off), stopped with SIGQUIT at the end.
async function startNginx(upstreamPort) {
  if (!existsSync(nginxBinary)) {
    throw new Error(`no nginx at ${nginxBinary}: run scripts/install-deps.sh`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'wx-nginx-'));
  const port = await freePort();
  await writeConfig(dir, port, upstreamPort);
  const child = spawn(
      nginxBinary,
      [
        '-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'), '-g',
        `daemon off; pid ${dir}/nginx.pid;`
      ],
      {stdio: ['ignore', 'pipe', 'pipe']});
  let output = '';
  child.stdout.on('data', (chunk) => output += chunk);
  child.stderr.on('data', (chunk) => output += chunk);
  const exited = new Promise((done) => child.once('exit', (code) => done(code)));
  const log = async () =>
      `${output}\n${await readFile(join(dir, 'error.log'), 'utf8').catch(() => '')}`;
  const url = `http://127.0.0.1:${port}`;
  const up = eventually(async () => {
    if (child.exitCode !== null)
      throw new Error(`nginx exited with ${child.exitCode}:\n${await log()}`);
    return (await fetch(url + kPrefix).catch(() => null))?.status === 200;
  }, 10000, 'nginx answering GET /webrtc/ with 200');
  await up.catch(async (error) => {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n${await log()}`);
  });
  return {
    url,
    log,
    accessLog: () => readFile(join(dir, 'access.log'), 'utf8'),
    async stop() {
      if (child.exitCode === null) child.kill('SIGQUIT');
      const code = await exited;
      await rm(dir, {recursive: true, force: true});
      return code;
    },
  };
}

before(async () => {
  env.server = await startServer();
  env.nginx = await startNginx(Number(new URL(env.server.url).port));
  env.url = env.nginx.url + kPrefix;
  env.browser = await launchBrowser();
});

after(async () => {
  await env.browser?.close();
  const nginxCode = await env.nginx?.stop();
  assert.equal(nginxCode, 0, 'nginx exit status');
  assert.equal(await env.server?.stop(), 0, env.server?.output());
});

// A page that records every response: any status >= 400, and any request
// that left the prefix, fail the test along with console errors.
async function newWatchedPage() {
  const page = await env.browser.newPage();
  const errors = watchErrors(page);
  page.on('response', (response) => {
    const url = response.url();
    if (url.startsWith('data:')) return;
    if (response.status() >= 400) errors.push(`${response.status()} ${url}`);
    if (!url.startsWith(env.url)) errors.push(`outside ${kPrefix}: ${url}`);
  });
  return {page, errors};
}

test('the index, through the prefix, lists every example', async () => {
  const {page, errors} = await newWatchedPage();
  await page.goto(env.url);
  await page.locator('#examples a').first().waitFor({timeout: 5000});
  const registry = await env.server.json('/examples.json');
  const links =
      await page.locator('#examples a')
          .evaluateAll((anchors) => anchors.map((a) => ({name: a.textContent, href: a.href})));
  assert.deepEqual(links.map((l) => l.name), registry.map((e) => e.name));
  for (const {name, href} of links) assert.equal(href, `${env.url}${name}/`);
  await screenshot(page, 'nginx-index');
  assert.deepEqual(errors, []);
  await page.close();
});

test('/webrtc and /webrtc/NAME without the slash land on the page', async () => {
  const {page, errors} = await newWatchedPage();
  // nginx's own 301 for the location, then the server's relative 302.
  await page.goto(env.url.replace(/\/$/, ''));
  assert.equal(page.url(), env.url);
  await page.goto(`${env.url}ping-pong`);
  assert.equal(page.url(), `${env.url}ping-pong/`);
  await page.waitForFunction(
      () => !document.getElementById('start').disabled, null, {timeout: 5000});
  assert.deepEqual(errors.filter((e) => !e.startsWith('outside')), []);
  await page.close();
});

test('every example page loads through the prefix with no 404 and no error', async () => {
  const registry = await env.server.json('/examples.json');
  assert.ok(registry.length >= 10, `only ${registry.length} examples`);
  for (const {name} of registry) {
    const {page, errors} = await newWatchedPage();
    await page.goto(`${env.url}${name}/`);
    await page.waitForFunction(
        () => !document.getElementById('start').disabled, null, {timeout: 5000});
    assert.equal(await page.locator('h1').textContent(), name);
    assert.equal(await page.locator('#status').textContent(), 'Ready. Press Start to connect.');
    assert.equal(
        await page.locator('a', {hasText: 'All examples'}).evaluate((a) => a.href), env.url);
    assert.deepEqual(errors, [], name);
    await page.close();
  }
});

test('ping-pong connects through the prefix', async () => {
  const {page, errors} = await newWatchedPage();
  await page.goto(`${env.url}ping-pong/`);
  await page.waitForFunction(
      () => !document.getElementById('start').disabled, null, {timeout: 5000});
  await page.getByRole('button', {name: 'Start'}).click();
  await page.waitForFunction(
      () => Number(document.getElementById('pong-count')?.textContent) >= 2, null, {timeout: 5000});
  assert.match(await page.locator('#log').textContent(), /POST \/webrtc\/ping-pong\/connections/);
  assert.equal((await env.server.openConnections('ping-pong')).length, 1);
  await screenshot(page, 'nginx-ping-pong');
  await page.getByRole('button', {name: 'Stop'}).click();
  await eventually(
      async () => (await env.server.openConnections('ping-pong')).length === 0, 5000,
      'Stop closed the connection on the server');
  // The API calls went through nginx, prefix and all.
  const access = await env.nginx.accessLog();
  for (const call
           of ['POST /webrtc/ping-pong/connections ', 'DELETE /webrtc/ping-pong/connections/']) {
    assert.ok(access.includes(call), `nginx's access log has no "${call}"`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('record-audio-video-stream: the recording plays through the prefix', async () => {
  const {page, errors} = await newWatchedPage();
  await page.goto(`${env.url}record-audio-video-stream/`);
  await page.waitForFunction(
      () => !document.getElementById('start').disabled, null, {timeout: 5000});
  await page.getByRole('button', {name: 'Start'}).click();
  await page.waitForFunction(
      () => /connected/.test(document.getElementById('trail')?.textContent), null,
      {timeout: 10000});
  await page.waitForFunction(
      () => document.getElementById('local')?.currentTime > 1, null, {timeout: 10000});
  await page.getByRole('button', {name: 'Stop'}).click();
  const link = page.locator('#recording-link');
  await link.waitFor({timeout: 15000});
  const href = await link.evaluate((a) => a.href);
  assert.match(
      href, new RegExp(`^${env.url}record-audio-video-stream/recordings/[0-9a-f-]+\\.webm$`));
  await playRecording(page);  // throws when it does not load through the proxy
  assert.deepEqual(errors, []);
  await page.close();
});
