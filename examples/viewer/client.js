// viewer, browser half: play the live broadcast, and say when none is live
// (the server's "broadcast" channel says "live" or "waiting").
// Loaded by web/shell.js; see there for beforeAnswer's contract.
import {playRemote} from '../web/video.js';

export function beforeAnswer(pc, page) {
  page.area.innerHTML = `
    <p class="phase" id="broadcast" data-state="">Asking the server…</p>
    <div class="videos">
      <figure><video id="remote" autoplay playsinline></video>
        <figcaption>The broadcast <span id="remote-info" class="hint"></span></figcaption></figure>
    </div>`;
  const find = (id) => page.area.querySelector(`#${id}`);
  const stopInfo = playRemote(pc, find('remote'), find('remote-info'));
  pc.addEventListener('datachannel', ({channel}) => {
    if (channel.label !== 'broadcast') return;
    channel.addEventListener('message', ({data}) => {
      const status = find('broadcast');
      status.dataset.state = data;
      status.textContent = data === 'live' ?
          'A broadcast is live.' :
          'No broadcast is live. Waiting: it will play here as soon as someone broadcasts.';
      page.log(`the server says: ${data}`);
    });
  });
  return stopInfo;
}
