// From a drawing to what the network sees
// =======================================
//
// The network was trained on MNIST, and MNIST's digits were prepared in a particular way
// (LeCun et al., 1998): each digit's bounding box was scaled to fit a 20×20 box, keeping
// its aspect ratio, with anti-aliasing, so that edges became grey levels; then it was placed
// in a 28×28 field so that its *centre of mass* sits at the centre. A digit drawn on a big
// canvas looks nothing like that: thin strokes, anywhere, at any size. Doing the same steps
// makes a hand-drawn digit look like the digits the network learned from:
//
//     ink (H, W) in [0, 1]  ─ bounding box ─▶  box (bh, bw)
//                           ─ area-average resampling, longest side 20 ─▶  digit (th, tw)
//                           ─ shift its centre of mass to (14, 14) ─▶  input (28, 28) in [0, 1]
//
// Resampling by *area averaging*: each output pixel is the mean of the canvas pixels it
// covers, weighted by how much of each it covers. That is the anti-aliasing: a stroke
// that half covers an output pixel gives it the grey level 0.5.
// Everything here is a pure function of arrays, so spec/site/preprocess.spec.ts checks it
// without a browser. Used by draw.ts.

/** The side of the network's input, and of the box a digit is scaled into (MNIST's numbers). */
export const FIELD = 28
export const BOX = 20

/** The smallest rectangle holding every pixel above `threshold`, or undefined for a blank image. */
export const boundingBox = (
  ink: Readonly<Float32Array>, // (H, W)
  H: number, W: number,
  threshold = 0.02,
): { readonly top: number; readonly left: number; readonly height: number; readonly width: number } | undefined => {
  let [top, left, bottom, right] = [H, W, -1, -1]
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (ink[y * W + x] > threshold) {
        if (y < top) top = y
        if (y > bottom) bottom = y
        if (x < left) left = x
        if (x > right) right = x
      }
    }
  }
  return bottom < 0 ? undefined : { top, left, height: bottom - top + 1, width: right - left + 1 }
}

// Area-averaging weights of one axis: `n` source pixels onto `m` output pixels. Output
// pixel j covers the source interval [j·n/m, (j+1)·n/m); source pixel i gets the weight
// |[i, i+1) ∩ that interval| / (n/m). Returned as a dense (m, n) matrix: n is at most a
// few hundred, so this stays small.
const areaWeights = (n: number, m: number): Float64Array => {
  const w = new Float64Array(m * n) // (m, n)
  const step = n / m
  for (let j = 0; j < m; j++) {
    const from = j * step
    const to = from + step
    for (let i = Math.floor(from); i < Math.min(n, Math.ceil(to)); i++) {
      const overlap = Math.min(to, i + 1) - Math.max(from, i)
      if (overlap > 0) w[j * n + i] = overlap / step
    }
  }
  return w
}

/**
 * The rectangle (top, left, h, w) of `ink` resampled to th × tw by area averaging:
 * first along rows, then along columns (the two passes of one separable filter).
 */
export const resampleArea = (
  ink: Readonly<Float32Array>, // (H, W)
  W: number,
  box: { readonly top: number; readonly left: number; readonly height: number; readonly width: number },
  th: number, tw: number,
): Float32Array => {
  const { top, left, height: h, width: w } = box
  const wx = areaWeights(w, tw) // (tw, w)
  const wy = areaWeights(h, th) // (th, h)
  const rows = new Float64Array(h * tw) // (h, tw): each source row, narrowed
  for (let y = 0; y < h; y++) {
    for (let j = 0; j < tw; j++) {
      let sum = 0
      for (let x = 0; x < w; x++) sum += wx[j * w + x] * ink[(top + y) * W + left + x]
      rows[y * tw + j] = sum
    }
  }
  const out = new Float32Array(th * tw) // (th, tw)
  for (let i = 0; i < th; i++) {
    for (let j = 0; j < tw; j++) {
      let sum = 0
      for (let y = 0; y < h; y++) sum += wy[i * h + y] * rows[y * tw + j]
      out[i * tw + j] = Math.min(1, sum)
    }
  }
  return out
}

/** The centre of mass (row, column) of an image, measured at pixel centres: pixel (0, 0) is at (0.5, 0.5). */
export const centreOfMass = (image: Readonly<Float32Array>, h: number, w: number): readonly [number, number] => {
  let [mass, sy, sx] = [0, 0, 0]
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const m = image[y * w + x]
      mass += m
      sy += m * (y + 0.5)
      sx += m * (x + 0.5)
    }
  }
  return mass > 0 ? [sy / mass, sx / mass] : [h / 2, w / 2]
}

/**
 * The 28×28 input, in [0, 1] with 1 for ink, that MNIST's preparation makes of a drawing
 * `ink` (H, W) in [0, 1]; undefined when nothing is drawn.
 */
export const mnistInput = (ink: Readonly<Float32Array>, H: number, W: number): Float32Array | undefined => {
  const box = boundingBox(ink, H, W)
  if (box === undefined) return undefined
  // Longest side to 20 pixels, the other in proportion (at least one pixel: a "1" is thin).
  const scale = BOX / Math.max(box.height, box.width)
  const th = Math.max(1, Math.round(box.height * scale))
  const tw = Math.max(1, Math.round(box.width * scale))
  const digit = resampleArea(ink, W, box, th, tw)
  // Shift by whole pixels so that the centre of mass lands as near (14, 14) as it can,
  // keeping the whole digit inside the field.
  const [cy, cx] = centreOfMass(digit, th, tw)
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi)
  const oy = clamp(Math.round(FIELD / 2 - cy), FIELD - th)
  const ox = clamp(Math.round(FIELD / 2 - cx), FIELD - tw)
  const out = new Float32Array(FIELD * FIELD) // (28, 28)
  for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) out[(oy + y) * FIELD + ox + x] = digit[y * tw + x]
  return out
}
