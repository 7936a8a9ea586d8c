// The datachannel-buffer-limits echo (echo-core.mjs) run inside a headless
// browser's page: Debian's chromium through playwright-core, or Debian's
// firefox-esr through puppeteer-core over WebDriver BiDi (neither package
// downloads a browser). The page is one of the server's own (--page, GET /
// by default), so the REST calls are same-origin; echoRuns runs there with
// the browser's RTCPeerConnection. For the original server (which
// bench/foreign serves without its pages) foreign.sh names its connection
// list: its 404 page says Content-Security-Policy: default-src 'none'
// (Express's), which would block the page's fetch.
//
// Firefox gathers no loopback candidates here (tests/firefox/run.sh): give
// both the servers and --only-address an address of a real interface, as
// bench/foreign.sh does in its namespace.
//
//   node browser-echo.mjs --browser chromium|firefox --url URL [--page /] [echo.mjs's flags]
// Environment: CHROMIUM (/usr/bin/chromium), FIREFOX (/usr/bin/firefox-esr).
import {existsSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {parseArgs, report} from './cli.mjs';
import {echoRuns} from './echo-core.mjs';

const o = parseArgs('browser-echo.mjs', process.argv.slice(2),
                    {
                      extra: {'--browser': 'browser', '--page': 'page'},
                      extraUsage: '--browser chromium|firefox [--page /] ',
                    });

// Each returns {page, close}.
async function chromium(profile) {
  const binary = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(binary)) throw new Error(`no chromium at ${binary}: run scripts/install-deps.sh`);
  const {chromium} = await import('playwright-core');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: binary,
    headless: true,
    // Host candidates as addresses, not mDNS names, so --only-address keeps them.
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-features=WebRtcHideLocalIpsWithMdns', '--allow-loopback-in-peer-connection'],
  });
  return {page: await context.newPage(), close: () => context.close()};
}

async function firefox(profile) {
  const binary = process.env.FIREFOX || '/usr/bin/firefox-esr';
  if (!existsSync(binary)) throw new Error(`no firefox at ${binary}: run scripts/install-deps.sh`);
  const {default: puppeteer} = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: binary,
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: {
      'media.peerconnection.ice.obfuscate_host_addresses': false,
      'media.peerconnection.ice.loopback': true,
    },
  });
  return {page: await browser.newPage(), close: () => browser.close()};
}

async function main() {
  const launch = {chromium, firefox}[o.browser];
  if (!launch) throw new Error('--browser must be chromium or firefox');
  const profile = await mkdtemp(join(tmpdir(), `bench-foreign-${o.browser}-`));
  let browser;
  try {
    browser = await launch(profile);
    await browser.page.goto(`${o.url}${o.page ?? '/'}`);
    const results = await browser.page.evaluate(echoRuns, o);
    const version = await browser.page.evaluate(() => navigator.userAgent);
    report(o, results, `headless ${o.browser}: ${version}`);
  } finally {
    await browser?.close();
    await rm(profile, {recursive: true, force: true});
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(`browser-echo.mjs: ${error.message}`);
  process.exit(1);
});
