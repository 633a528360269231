// Up to three photos for "report done": picked from the disk or the phone's camera, checked here
// for type and size so that a mistake is said at once (the server checks the content again), shown
// as thumbnails (data: URLs; the page's CSP allows no blob:), then uploaded one by one as raw bytes.
import { h, replace } from '../lib/dom.ts';
import { t } from '../i18n/i18n.ts';
import { sizeText } from './format.ts';

export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const TYPES = ['image/jpeg', 'image/png'];

export interface PhotoPicker {
  el: HTMLElement;
  files: () => File[];
  setDisabled: (v: boolean) => void;
}

export function buildPhotoPicker(idPrefix: string): PhotoPicker {
  let files: File[] = [];
  const input = h('input', {
    id: `${idPrefix}-photos`,
    testid: 'done-photos',
    class: 'sr-only',
    attrs: { type: 'file', accept: TYPES.join(','), multiple: true },
  });
  const pick = h(
    'label',
    { class: 'btn btn-quiet btn-small of-pick', attrs: { for: input.id } },
    h('span', { i18n: 'ofPhotosAdd' }),
  );
  const thumbs = h('ul', { class: 'of-thumbs', testid: 'done-thumbs' });
  const error = h('p', { class: 'inline-error', attrs: { role: 'alert' } });
  const hint = h('span', { class: 'hint' }, t('ofPhotosHint', { n: MAX_PHOTOS, mb: 5 }));

  const draw = () => {
    pick.hidden = files.length >= MAX_PHOTOS;
    replace(
      thumbs,
      ...files.map((f, i) => {
        const img = h('img', { attrs: { alt: f.name } });
        const reader = new FileReader();
        reader.onload = () => img.setAttribute('src', String(reader.result));
        reader.readAsDataURL(f);
        return h(
          'li',
          { class: 'of-thumb' },
          img,
          h('span', { class: 'muted' }, sizeText(f.size)),
          h('button', {
            class: 'link',
            text: t('ofRemove'),
            attrs: { type: 'button', 'aria-label': t('ofRemovePhoto', { name: f.name }) },
            on: {
              click: () => {
                files = files.filter((_, j) => j !== i);
                draw();
              },
            },
          }),
        );
      }),
    );
  };

  input.addEventListener('change', () => {
    const problems: string[] = [];
    for (const f of Array.from(input.files ?? [])) {
      if (!TYPES.includes(f.type)) problems.push(t('ofPhotoBadType', { name: f.name }));
      else if (f.size > MAX_PHOTO_BYTES) problems.push(t('ofPhotoTooBig', { name: f.name, mb: 5 }));
      else if (files.length >= MAX_PHOTOS) problems.push(t('ofPhotoTooMany', { n: MAX_PHOTOS }));
      else files.push(f);
    }
    input.value = '';
    error.textContent = problems.join(' ');
    draw();
  });

  const el = h(
    'div',
    { class: 'field' },
    h('span', { class: 'of-label', i18n: 'ofPhotos' }),
    h('div', { class: 'of-pick-row' }, input, pick, hint),
    thumbs,
    error,
  );
  return {
    el,
    files: () => [...files],
    setDisabled: (v) => {
      input.disabled = v;
      pick.classList.toggle('is-disabled', v);
    },
  };
}

export type UploadResult = { ok: true; ids: string[] } | { ok: false; message: string };

/** Uploads the photos in order; stops at the first refusal and says which photo and why. */
export async function uploadPhotos(
  requestId: string,
  files: File[],
  progress: (i: number, n: number) => void,
): Promise<UploadResult> {
  const ids: string[] = [];
  for (const [i, f] of files.entries()) {
    progress(i + 1, files.length);
    let res: Response;
    try {
      res = await fetch(`/api/v1/requests/${encodeURIComponent(requestId)}/attachments`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': f.type, accept: 'application/json' },
        body: f,
      });
    } catch {
      return { ok: false, message: t('errNetwork') };
    }
    const body = (await res.json().catch(() => null)) as { id?: string; error?: { message?: string } } | null;
    if (res.status === 201 && body?.id) {
      ids.push(body.id);
      continue;
    }
    const why =
      res.status === 413
        ? t('ofPhotoTooBig', { name: f.name, mb: 5 })
        : res.status === 415
          ? t('ofPhotoBadType', { name: f.name })
          : t('ofPhotoFailed', { name: f.name, status: res.status });
    return { ok: false, message: why };
  }
  return { ok: true, ids };
}
