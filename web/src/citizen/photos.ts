// Up to three photos. Each is redrawn on the phone at most 1600 px wide and sent as JPEG: a 12 MB
// camera photo becomes a few hundred KB on a mobile connection, and the redraw leaves its location
// and camera data behind (the server strips metadata again in any case).
import { h, tx } from './dom.ts';
import { t } from './i18n.ts';

export interface PhotoData {
  mime: 'image/jpeg' | 'image/png';
  data: string;
}

const MAX_SIDE = 1600;
const MAX_PHOTOS = 3;

async function shrink(file: File): Promise<PhotoData> {
  try {
    const bmp = await createImageBitmap(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(bmp.width, bmp.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bmp.width * scale);
    canvas.height = Math.round(bmp.height * scale);
    canvas.getContext('2d')!.drawImage(bmp, 0, 0, canvas.width, canvas.height);
    bmp.close();
    const url = canvas.toDataURL('image/jpeg', 0.85);
    return { mime: 'image/jpeg', data: url.slice(url.indexOf(',') + 1) };
  } catch {
    // A browser that cannot decode it here: the file as it is (the server judges it).
    const buf = new Uint8Array(await file.arrayBuffer());
    let bin = '';
    for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
    return { mime: file.type === 'image/png' ? 'image/png' : 'image/jpeg', data: btoa(bin) };
  }
}

export function photoPicker() {
  const photos: PhotoData[] = [];
  const input = h('input', {
    type: 'file',
    id: 'photo-input',
    accept: 'image/jpeg,image/png',
    multiple: true,
    class: 'visually-hidden',
  });
  const add = tx('label', 'photoAdd', { for: 'photo-input', class: 'button secondary' });
  const thumbs = h('div', { class: 'thumbs' });
  const note = h('p', { class: 'error', 'aria-live': 'polite' });
  const el = h('div', { class: 'field' }, tx('span', 'photos', { class: 'label' }), thumbs, input, add, note);

  function render(): void {
    thumbs.replaceChildren(
      ...photos.map((p, i) => {
        const rm = h('button', { type: 'button', class: 'thumb-remove', 'aria-label': t('photoRemove') }, '×');
        rm.addEventListener('click', () => (photos.splice(i, 1), render()));
        return h('div', { class: 'thumb' }, h('img', { src: `data:${p.mime};base64,${p.data}`, alt: '' }), rm);
      }),
    );
    add.hidden = photos.length >= MAX_PHOTOS;
  }

  input.addEventListener('change', async () => {
    note.textContent = '';
    for (const file of Array.from(input.files ?? [])) {
      if (photos.length >= MAX_PHOTOS) break;
      if (file.type !== 'image/jpeg' && file.type !== 'image/png') {
        note.textContent = t('photoBad');
        continue;
      }
      photos.push(await shrink(file));
    }
    input.value = '';
    render();
  });
  render();
  return { el, value: () => [...photos], reset: () => ((photos.length = 0), render()) };
}
