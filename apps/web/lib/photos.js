// Photo fields: the chosen pictures (the phone's camera on a phone) are shrunk to at most 1600 px, sent to
// POST /photos, and their ids go into the command's `photos[]`. Stored photos are shown through blob: URLs.
import { photoUrl, uploadPhoto } from './api.js';
import { h } from './dom.js';

const MAX_SIDE = 1600;

/** A JPEG of the picture at most MAX_SIDE on its longer side (the original when it cannot be decoded). */
async function shrink(file) {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve) => canvas.toBlob((blob) => resolve(blob ?? file), 'image/jpeg', 0.85));
  } catch {
    return file;
  }
}

export function photoInput(name) {
  const input = h('input', {
    type: 'file',
    accept: 'image/jpeg,image/png,image/webp',
    capture: 'environment',
    multiple: true,
    name,
    testid: `field-${name}`,
  });
  const previews = h('div.photos');
  input.addEventListener('change', () => {
    previews.replaceChildren(
      ...[...(input.files ?? [])].map((file) => {
        const img = h('img', { alt: file.name });
        img.src = URL.createObjectURL(file);
        return img;
      }),
    );
  });
  return {
    element: h('div', input, previews),
    /** Uploads the chosen photos; answers their ids. */
    getValues: async () => {
      const ids = [];
      for (const file of [...(input.files ?? [])].slice(0, 20))
        ids.push(await uploadPhoto(await shrink(file)));
      return ids;
    },
  };
}

/** The photos of a case: stored ones as pictures, other references (the simulator's) as text. */
export function photoGallery(ids) {
  return h(
    'div.photos',
    { testid: 'photos' },
    ids.map((id) => {
      if (!/^photo-[0-9a-f]{40}\.(jpg|png|webp)$/.test(id)) return h('span.photo-ref', id);
      const img = h('img', { alt: '现场照片', testid: 'photo' });
      photoUrl(id)
        .then((url) => (img.src = url))
        .catch(() => img.replaceWith(h('span.photo-ref', id)));
      return img;
    }),
  );
}
