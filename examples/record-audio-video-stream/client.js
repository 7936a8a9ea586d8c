// record-audio-video-stream, browser half: send the camera and microphone
// (or whichever of them exists) to be recorded, and after Stop play back the
// file the server wrote.
// Loaded by web/shell.js; see there for beforeAnswer's and afterClose's contract.
import {sendCamera} from '../web/video.js';

export async function beforeAnswer(pc, page) {
  page.area.innerHTML = `
    <p class="phase" id="recording-state">Recording while connected; press Stop to finish the file.</p>
    <div class="videos">
      <figure><video id="local" autoplay muted playsinline></video>
        <figcaption>Being recorded: your camera</figcaption></figure>
    </div>`;
  const local = await sendCamera(pc, page.area.querySelector('#local'), {audio: true});
  page.log(`sending ${local.getTracks().map((t) => t.kind).join(' and ')} to be recorded`);
  return () => {
    for (const track of local.getTracks()) track.stop();
  };
}

// The DELETE answer says where the server wrote the file, or why it could not.
export function afterClose(answer, page) {
  const recording = answer && answer.recording;
  const state = page.area.querySelector('#recording-state');
  if (!recording || recording.error) {
    state.textContent = `No recording: ${recording ? recording.error : 'the server said nothing'}`;
    state.className = 'phase phase-failed';
    return;
  }
  // The file has what arrived: audio and video, or only one of them.
  const kinds = recording.audio === false ? 'video only' :
      recording.video === false           ? 'audio only' :
                                            'audio and video';
  state.textContent = `Recorded ${recording.seconds} s (${kinds}) into ${recording.file}.`;
  state.dataset.kinds = kinds;
  state.className = 'phase phase-done';
  // The camera is off now: the recording takes the preview's place.
  page.area.querySelector('#local')?.closest('figure')?.remove();
  // The server's url is from its root (/record-audio-video-stream/...); from
  // this page's folder '..' is that root, under a reverse proxy's prefix too.
  const url = `..${recording.url}`;
  const figure = document.createElement('figure');
  figure.innerHTML = `<video id="recording" controls playsinline></video>
      <figcaption>The recording, from the server:
        <a id="recording-link" href="${url}" download>${recording.file}</a></figcaption>`;
  figure.querySelector('video').src = url;
  page.area.querySelector('.videos').append(figure);
  page.log(`recording ready: ${recording.url}`);
}
