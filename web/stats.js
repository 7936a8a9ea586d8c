// The statistics panel every example page has (web/example.html, driven by
// web/shell.js): once a second it reads this page's own pc.getStats() and
// the server's GET connections/ID/stats, and plots the last minute of both
// sides with uPlot (web/uplot/, from npm, served by our server): bitrate
// sent and received, round-trip time, packets lost, and for video the frame
// rate and size. It also says which path ICE chose: candidate types (host,
// srflx, prflx, relay), UDP or TCP, and the addresses.
//
// The figures are those of src/common/StatsRates.h, computed here the same
// way for the page's side; the server sends its own in "summary".
//
//   const panel = new StatsPanel(element);
//   panel.start(pc, connectionUrl);  // after the answer is sent
//   panel.stop();                    // keeps the last plots on screen
//
// For tests: element.dataset.pagePoints and .serverPoints count the seconds
// each side's bitrate has been plotted (of the last minute), and
// .pageVideoPoints and .serverVideoPoints those of its video frame rate.

const kPollMs = 1000;
const kWindowSeconds = 60;
// Rates need two reports of the same candidate pair, and the server's peer
// may have none yet at the first poll: until both sides have figures, for
// at most kStartupMs, poll every kStartupPollMs so the plots start within a
// second of connecting (rates are per second whatever the interval).
const kStartupPollMs = 250;
const kStartupMs = 3000;

const num = (value) => (typeof value === 'number' && Number.isFinite(value) ? value : null);

// Rates between successive reports (objects keyed by stats ID), as
// common::StatsRates::update: per second since the previous report, null for
// a stream the previous report lacked.
export class StatsRates {
  constructor() {
    this.previous = new Map();
  }

  update(report) {
    const remoteLoss = new Map();
    for (const stats of Object.values(report)) {
      if (stats.type === 'remote-inbound-rtp')
        remoteLoss.set(stats.localId, num(stats.packetsLost));
    }
    const rates = {};
    const current = new Map();
    for (const [id, stats] of Object.entries(report)) {
      const {type} = stats;
      if (!['outbound-rtp', 'inbound-rtp', 'data-channel', 'candidate-pair'].includes(type))
        continue;
      const now = {
        timestamp: num(stats.timestamp) ?? 0,
        bytesSent: num(stats.bytesSent),
        bytesReceived: num(stats.bytesReceived),
        packetsLost: type === 'outbound-rtp' ? remoteLoss.get(id) ?? null : num(stats.packetsLost),
      };
      const then = this.previous.get(id);
      const seconds = then ? (now.timestamp - then.timestamp) / 1000 : 0;
      const perSecond = (key, scale = 1) =>
          then && seconds > 0 && now[key] !== null && then[key] !== null ?
          (now[key] - then[key]) * scale / seconds :
          null;
      const rate = {type};
      if (type !== 'inbound-rtp') rate.sentBitsPerSecond = perSecond('bytesSent', 8);
      if (type !== 'outbound-rtp') rate.receivedBitsPerSecond = perSecond('bytesReceived', 8);
      if (type.endsWith('-rtp')) {
        rate.kind = stats.kind;
        rate.packetsLostPerSecond = perSecond('packetsLost');
      }
      rates[id] = rate;
      current.set(id, now);
    }
    this.previous = current;
    return rates;
  }
}

function selectedPair(report) {
  for (const stats of Object.values(report)) {
    if (stats.type === 'transport' && report[stats.selectedCandidatePairId]) {
      return report[stats.selectedCandidatePairId];
    }
  }
  return Object.values(report).find(
             (s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') ||
      null;
}

function video(report, type) {
  const stats = Object.values(report).find(
      (s) =>
          s.type === type && s.kind === 'video' && ('frameWidth' in s || 'framesPerSecond' in s));
  if (!stats) return null;
  return {
    framesPerSecond: num(stats.framesPerSecond),
    frameWidth: num(stats.frameWidth),
    frameHeight: num(stats.frameHeight),
  };
}

function candidate(report, id) {
  const c = report[id];
  if (!c) return null;
  return {
    candidateType: c.candidateType ?? null,
    protocol: c.protocol ?? null,
    address: c.address || null,  // withheld (peer-reflexive): missing or empty
    port: num(c.port),
  };
}

// One side's headline figures, as common::summarize.
export function summarize(report, rates) {
  const summary = {
    sentBitsPerSecond: null,
    receivedBitsPerSecond: null,
    packetsLostPerSecond: null,
    roundTripTime: null,
    video: {sent: video(report, 'outbound-rtp'), received: video(report, 'inbound-rtp')},
    candidatePair: null,
  };
  const pair = selectedPair(report);
  if (pair) {
    summary.roundTripTime = num(pair.currentRoundTripTime);
    summary.candidatePair = {
      local: candidate(report, pair.localCandidateId),
      remote: candidate(report, pair.remoteCandidateId),
    };
    const rate = rates[pair.id];
    if (rate) {
      summary.sentBitsPerSecond = rate.sentBitsPerSecond ?? null;
      summary.receivedBitsPerSecond = rate.receivedBitsPerSecond ?? null;
    }
  }
  for (const rate of Object.values(rates)) {
    if (rate.type !== 'inbound-rtp' || rate.packetsLostPerSecond === null) continue;
    summary.packetsLostPerSecond = (summary.packetsLostPerSecond ?? 0) + rate.packetsLostPerSecond;
  }
  return summary;
}

// What each chart plots: label, side, how to read it from a summary, and
// whether it is what the side received (dashed; sent or the only one: solid).
const kPage = '#1f6feb';
const kServer = '#d1600a';
// Both sides' sent and received video, one member of summary.video's.
const videoSeries = (member) => [
    ['page sent', kPage, (s) => s.video.sent?.[member]],
    ['page received', kPage, (s) => s.video.received?.[member], true],
    ['server sent', kServer, (s) => s.video.sent?.[member]],
    ['server received', kServer, (s) => s.video.received?.[member], true],
];
const kCharts = [
  {
    title: 'Bitrate (kbit/s)',
    digits: 0,
    series: [
      ['page sent', kPage, (s) => s.sentBitsPerSecond / 1000],
      ['page received', kPage, (s) => s.receivedBitsPerSecond / 1000, true],
      ['server sent', kServer, (s) => s.sentBitsPerSecond / 1000],
      ['server received', kServer, (s) => s.receivedBitsPerSecond / 1000, true],
    ],
  },
  {
    title: 'Round-trip time (ms)',
    digits: 1,
    series: [
      ['page', kPage, (s) => s.roundTripTime * 1000],
      ['server', kServer, (s) => s.roundTripTime * 1000],
    ],
  },
  {
    title: 'Packets lost per second (received)',
    digits: 1,
    series: [
      ['page', kPage, (s) => s.packetsLostPerSecond, true],
      ['server', kServer, (s) => s.packetsLostPerSecond, true],
    ],
  },
  {
    title: 'Video frames per second',
    digits: 0,
    video: true,
    series: videoSeries('framesPerSecond'),
  },
  {
    title: 'Video frame height (px)',
    digits: 0,
    video: true,
    series: videoSeries('frameHeight'),
  },
];

// One key for every chart: colour is the side, a dashed line what it received.
function key() {
  const box = document.createElement('p');
  box.className = 'stats-key';
  for (const [text, className] of [
           ['this page', 'key-page'], ['server', 'key-server'], ['sent', 'key-sent'],
           ['received', 'key-received']]) {
    const item = document.createElement('span');
    item.className = `stats-key-item ${className}`;
    item.textContent = text;
    box.append(item);
  }
  return box;
}

// A summary's figure, or null (a null summary, or a figure it lacks).
function read(summary, get) {
  if (!summary) return null;
  const value = get(summary);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function describeEnd(c) {
  if (!c) return '?';
  return `${c.protocol ?? '?'} ${c.candidateType ?? '?'} ${c.address ?? '(withheld)'}:${
      c.port ?? '?'}`;
}

// "host, UDP", "relayed (relay), TCP": what a person wants to know of a
// path; the less direct of the two ends names it.
function describePath(pair) {
  if (!pair) return null;
  const types = [pair.local?.candidateType, pair.remote?.candidateType];
  const names = {
    host: 'host',
    srflx: 'server-reflexive (srflx)',
    prflx: 'peer-reflexive (prflx)',
    relay: 'relayed (relay)',
  };
  const kind = types.includes('relay') ? 'relay' :
      types.includes('srflx')          ? 'srflx' :
      types.includes('prflx')          ? 'prflx' :
                                         'host';
  return `${names[kind]}, ${(pair.local?.protocol ?? '?').toUpperCase()}`;
}

// The time axis: ticks on whole seconds, labelled minutes:seconds.
const kClockSteps = [1, 2, 5, 10, 15, 30, 60];
const clock = (u, splits) => splits.map(
    (t) => new Date(t * 1000).toLocaleTimeString([], {minute: '2-digit', second: '2-digit'}));

export class StatsPanel {
  constructor(element) {
    this.element = element;
    this.timer = null;
  }

  start(pc, url) {
    this.stop();
    this.pc = pc;
    this.url = `${url}/stats`;
    this.rates = new StatsRates();
    this.serverGone = false;
    this.rows = [];  // {time, page, server}: the last minute's summaries
    for (const key of ['pagePoints', 'serverPoints', 'pageVideoPoints', 'serverVideoPoints']) {
      this.element.dataset[key] = '0';
    }
    this.build();
    this.startedAt = Date.now();
    this.kick();
  }

  // Polls now, then every kPollMs; never two polls at once.
  kick() {
    clearTimeout(this.timer);
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = true;
    const pc = this.pc;
    this.poll().catch((error) => console.warn(`statistics panel: ${error.message}`)).finally(() => {
      this.polling = false;
      if (this.again) {  // asked for during the poll, perhaps by a new start()
        this.again = false;
        this.kick();
      } else if (this.pc === pc) {
        const last = this.rows[this.rows.length - 1];
        const measured = ['page', 'server'].every(
            (side) => read(last?.[side], (s) => s.sentBitsPerSecond) !== null);
        const starting = !measured && Date.now() - this.startedAt < kStartupMs;
        this.timer = setTimeout(() => this.kick(), starting ? kStartupPollMs : kPollMs);
      }
    });
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
    this.pc = null;
    this.again = false;
  }

  build() {
    const width = Math.max(260, Math.floor((this.element.clientWidth - 16) / 2));
    this.element.replaceChildren();
    this.path = document.createElement('dl');
    this.path.className = 'stats-path';
    this.path.id = 'stats-path';
    this.sizes = document.createElement('p');
    this.sizes.className = 'stats-sizes';
    this.sizes.id = 'stats-sizes';
    const grid = document.createElement('div');
    grid.className = 'stats-charts';
    this.element.append(this.path, key(), grid, this.sizes);
    this.charts = kCharts.map((chart) => {
      const box = document.createElement('div');
      box.className = 'stats-chart';
      box.hidden = Boolean(chart.video);
      box.style.width = `${width}px`;
      const head = document.createElement('div');
      head.className = 'stats-chart-head';
      const title = document.createElement('span');
      title.className = 'stats-chart-title';
      title.textContent = chart.title;
      const now = document.createElement('span');
      now.className = 'stats-now';
      head.append(title, now);
      box.append(head);
      grid.append(box);
      const plot =
          new globalThis.uPlot(
              {
                width,
                height: 140,
                legend: {show: false},
                cursor: {show: false},
                scales:
                    {x: {time: true}, y: {range: (u, min, max) => [0, Math.max(1, max * 1.15)]}},
                axes:
                    [
                      {
                        size: 24,
                        values: clock,
                        incrs: kClockSteps,
                        stroke: '#5b6570',
                        grid: {stroke: '#eef1f4'},
                        ticks: {show: false}
                      },
                      {
                        size: 44,
                        stroke: '#5b6570',
                        grid: {stroke: '#eef1f4'},
                        ticks: {show: false}
                      },
                    ],
                series: [
                  {},
                  ...chart.series.map(([label, stroke, , received]) => ({
                                        label,
                                        stroke,
                                        width: received ? 1.5 : 2,
                                        dash: received ? [5, 4] : undefined,
                                        points: {show: false},
                                        spanGaps: false,
                                      })),
                ],
              },
              [[], ...chart.series.map(() => [])], box);
      return {chart, box, plot, now};
    });
    this.showPath(null, null);
    this.showSizes(null, null);
  }

  async poll() {
    const pc = this.pc;
    if (!pc) return;
    const [pageReport, serverStats] = await Promise.all([
      pc.getStats().then((r) => Object.fromEntries(r), () => null),
      this.serverGone ? null : this.fetchServer(),
    ]);
    if (this.pc !== pc) return;
    const page = pageReport ? summarize(pageReport, this.rates.update(pageReport)) : null;
    const server = serverStats?.summary ?? null;
    const time = Date.now() / 1000;
    this.rows.push({time, page, server});
    while (this.rows.length && this.rows[0].time < time - kWindowSeconds) this.rows.shift();
    const count = (side) =>
        this.rows.filter((row) => read(row[side], (s) => s.sentBitsPerSecond) !== null).length;
    const videoCount = (side) =>
        this.rows
            .filter(
                (row) => ['sent', 'received'].some(
                    (d) => read(row[side], (s) => s.video[d]?.framesPerSecond) !== null))
            .length;
    this.element.dataset.pagePoints = String(count('page'));
    this.element.dataset.serverPoints = String(count('server'));
    this.element.dataset.pageVideoPoints = String(videoCount('page'));
    this.element.dataset.serverVideoPoints = String(videoCount('server'));
    this.draw();
    this.showPath(page?.candidatePair, server?.candidatePair);
    this.showSizes(page, server);
  }

  // The latest frame sizes in words: a chart of heights alone hides widths.
  showSizes(page, server) {
    const size = (v) =>
        (v && v.frameWidth && v.frameHeight ? `${v.frameWidth}×${v.frameHeight}` : null);
    const parts = [];
    for (const [who, s] of [['page', page], ['server', server]]) {
      for (const direction of ['sent', 'received']) {
        const text = size(s?.video?.[direction]);
        if (text) parts.push(`${who} ${direction} ${text}`);
      }
    }
    this.sizes.hidden = parts.length === 0;
    this.sizes.textContent = `Video frame size: ${parts.join(', ')}`;
  }

  async fetchServer() {
    try {
      const response = await fetch(this.url, {cache: 'no-store'});
      if (response.status === 404) this.serverGone = true;  // closed on the server
      return response.ok ? await response.json() : null;
    } catch {
      return null;
    }
  }

  draw() {
    const times = this.rows.map((row) => row.time);
    const hasVideo = this.rows.some(
        (row) => [row.page, row.server].some((s) => s?.video?.sent || s?.video?.received));
    const last = this.rows[this.rows.length - 1];
    for (const {chart, box, plot, now} of this.charts) {
      if (chart.video) box.hidden = !hasVideo;
      const data = [times];
      const latest = {page: [], server: []};
      for (const [label, , get, received] of chart.series) {
        const side = label.startsWith('page') ? 'page' : 'server';
        data.push(this.rows.map((row) => read(row[side], get)));
        const value = read(last?.[side], get);
        const arrow = label.includes(' ') ? (received ? '↓' : '↑') : '';
        latest[side].push(`${arrow}${value === null ? '–' : value.toFixed(chart.digits)}`);
      }
      plot.setData(data);
      // The latest second in figures: ↑ sent, ↓ received.
      now.textContent = `page ${latest.page.join(' ')} · server ${latest.server.join(' ')}`;
    }
  }

  showPath(page, server) {
    const rows = [
      ['This page', page, 'this page → server'],
      ['Server', server, 'server → this page'],
    ];
    this.path.replaceChildren();
    for (const [who, pair, direction] of rows) {
      const term = document.createElement('dt');
      term.textContent = who;
      const detail = document.createElement('dd');
      detail.dataset.side = who === 'Server' ? 'server' : 'page';
      if (pair) {
        const kind = document.createElement('strong');
        kind.textContent = describePath(pair);
        detail.append(kind, ` ${describeEnd(pair.local)} → ${describeEnd(pair.remote)}`);
        detail.title = direction;
      } else {
        detail.textContent = 'no candidate pair selected yet';
        detail.className = 'hint';
      }
      this.path.append(term, detail);
    }
  }
}
