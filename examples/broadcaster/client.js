// broadcaster, browser half: send the camera and microphone (or whichever
// of them exists) as the live broadcast, show the preview, and how many
// viewers watch (the server's "viewers" channel).
// Loaded by web/shell.js; see there for beforeAnswer's contract.
import {sendCamera} from '../web/video.js';

export async function beforeAnswer(pc, page) {
  page.area.innerHTML = `
    <div class="stats">
      <div class="stat"><span class="label">Viewers watching</span>
        <span class="value" id="viewers">–</span>
        <span class="sub">open <a href="../viewer/" target="_blank">viewer</a> to watch</span></div>
    </div>
    <div class="videos">
      <figure><video id="local" autoplay muted playsinline></video>
        <figcaption>Your broadcast (preview)</figcaption></figure>
    </div>`;
  const local = await sendCamera(pc, page.area.querySelector('#local'), {audio: true});
  const kinds = local.getTracks().map((t) => t.kind).join(' and ');
  page.log(`broadcasting ${kinds}; live once the server gets it`);
  pc.addEventListener('datachannel', ({channel}) => {
    if (channel.label !== 'viewers') return;
    channel.addEventListener('message', ({data}) => {
      page.area.querySelector('#viewers').textContent = data;
    });
  });
  return () => {
    for (const track of local.getTracks()) track.stop();
  };
}
