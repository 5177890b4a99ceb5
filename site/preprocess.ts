// From a drawing to what the network sees
// =======================================
//
// The network was trained on MNIST, and MNIST's digits were prepared in a particular way
// (LeCun et al., 1998): each digit's bounding box was scaled to fit a 20×20 box, keeping
// its aspect ratio, with anti-aliasing, so that edges became grey levels; then it was placed
// in a 28×28 field so that its *centre of mass* sits at the centre. Written with a pen
// whose stroke ends up about 3 pixels wide in that field: the strokes of MNIST's "1"s hold
// 3.0 pixels of ink per row (the median over the bundled data), their boxes are 20 tall.
//
// A digit drawn on the pad is kept as what it is: strokes, each a list of the points the
// pointer passed through. That matters for the pen. Scaling *pixels* drawn with a fixed pen
// scales the pen too: a digit drawn small, with a pen of 20 of the pad's 280 pixels, is
// enlarged into a blob whose strokes are 6 pixels wide, and a "7" in a corner reads as an
// "8". Scaling *points* leaves the pen out of it, so the pen is chosen afterwards, in the
// 28×28 field, at MNIST's width, whatever the size the digit was drawn at:
//
//     strokes (points, pad units)  ─ bounding box of the points ─▶  box (w, h)
//        ─ scale: longest side to 20 − pen, so that the ink, pen included, spans 20 ─▶
//        ─ draw every segment with a round pen PEN_WIDTH = 2.8 pixels wide, on a grid 4× finer ─▶
//        ─ area-average each 4×4 block (anti-aliasing: grey edges) ─▶  digit (28, 28)
//        ─ move it so that its centre of mass is at (14, 14), draw it again there ─▶  input (28, 28) in [0, 1]
//
// So a digit drawn small in a corner and the same digit drawn large in the middle give the
// same input, up to rounding. A tap (one point, or a scribble smaller than `minSide`) is not
// enlarged without limit: the box is taken to be at least `minSide` long, and a tap gives a
// dot of the pen's width in the middle of the field.
//
// Drawing with the pen, in numbers: a sub-pixel (side h = 1/4) at distance d from the
// nearest segment is covered by the fraction clamp((r − d)/h + ½, 0, 1) of it, where
// r = PEN_WIDTH / 2; that is the area of a square cut by a straight edge at distance
// r − d from its centre, to first order. A field pixel is the mean of its 16 sub-pixels.
// Where strokes cross, ink does not add up: a sub-pixel keeps the largest coverage.
//
// Everything here is a pure function of arrays, so spec/site/preprocess.spec.ts checks it
// without a browser. Used by draw.ts.

/** The side of the network's input, and of the box a digit is scaled into (MNIST's numbers). */
export const FIELD = 28
export const BOX = 20

/** The pen's width in the 28×28 field, in pixels (MNIST's strokes are about 3 wide). */
export const PEN_WIDTH = 2.8

/** Sub-pixels per pixel along each axis when drawing (anti-aliasing by area averaging). */
export const SUPERSAMPLE = 4

/** A point (x, y): x to the right, y down, in any unit (the pad uses its own pixels). */
export type Point = readonly [number, number]

/** One stroke: the points the pen went through, in order; one point is a dot. */
export type Stroke = readonly Point[]

/** A rectangle: its top-left corner and its size. */
export interface Box {
  readonly top: number
  readonly left: number
  readonly height: number
  readonly width: number
}

/** The smallest rectangle holding every point of the strokes, or undefined when there is none. */
export const strokesBox = (strokes: readonly Stroke[]): Box | undefined => {
  let [top, left, bottom, right] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const stroke of strokes) {
    for (const [x, y] of stroke) {
      if (y < top) top = y
      if (y > bottom) bottom = y
      if (x < left) left = x
      if (x > right) right = x
    }
  }
  return bottom < top ? undefined : { top, left, height: bottom - top, width: right - left }
}

/** Where the strokes go in the field: field = point · scale + (dx, dy). */
export interface Placement {
  readonly scale: number
  readonly dx: number
  readonly dy: number
}

// The coverage of one field's sub-pixels by the segment a–b (field units) drawn with a round
// pen of radius r, merged into `sub` (side n = FIELD · SUPERSAMPLE) by keeping the larger
// value. Only the sub-pixels near the segment are visited.
const drawSegment = (sub: Float32Array, n: number, a: Point, b: Point, r: number): void => {
  const h = 1 / SUPERSAMPLE
  const [ax, ay] = a
  const [ex, ey] = [b[0] - ax, b[1] - ay]
  const length2 = ex * ex + ey * ey
  const reach = r + h
  // Sub-pixels nearer than r − h/2 are covered, farther than r + h/2 not at all: only the
  // ones between need the square root.
  const inner = Math.max(0, r - h / 2) ** 2
  const outer = (r + h / 2) ** 2
  const i0 = Math.max(0, Math.floor((Math.min(ay, b[1]) - reach) / h))
  const i1 = Math.min(n - 1, Math.ceil((Math.max(ay, b[1]) + reach) / h))
  const j0 = Math.max(0, Math.floor((Math.min(ax, b[0]) - reach) / h))
  const j1 = Math.min(n - 1, Math.ceil((Math.max(ax, b[0]) + reach) / h))
  for (let i = i0; i <= i1; i++) {
    const py = (i + 0.5) * h
    for (let j = j0; j <= j1; j++) {
      const px = (j + 0.5) * h
      // The nearest point of the segment: a + t·e, with t clamped to [0, 1].
      const t = length2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - ax) * ex + (py - ay) * ey) / length2))
      const qx = px - ax - t * ex
      const qy = py - ay - t * ey
      const d2 = qx * qx + qy * qy
      if (d2 >= outer) continue
      const cover = d2 <= inner ? 1 : Math.min(1, Math.max(0, (r - Math.sqrt(d2)) / h + 0.5))
      if (cover > sub[i * n + j]) sub[i * n + j] = cover
    }
  }
}

/**
 * The strokes drawn into the 28×28 field at `placement`, with a round pen `penWidth` pixels
 * wide, anti-aliased: values in [0, 1], 1 for ink. Ink outside the field is lost.
 */
export const renderStrokes = (strokes: readonly Stroke[], placement: Placement, penWidth = PEN_WIDTH): Float32Array => {
  const n = FIELD * SUPERSAMPLE
  const sub = new Float32Array(n * n) // (112, 112): coverage of each sub-pixel
  const { scale, dx, dy } = placement
  const at = ([x, y]: Point): Point => [x * scale + dx, y * scale + dy]
  // A pointer reports many points close together; a point less than a quarter of a
  // sub-pixel from the last one drawn to is skipped (the stroke's last point never is), which
  // changes the ink by less than rounding does and saves most of the work.
  const near = (1 / SUPERSAMPLE / 4) ** 2
  for (const stroke of strokes) {
    if (stroke.length === 0) continue
    let previous = at(stroke[0])
    drawSegment(sub, n, previous, previous, penWidth / 2)
    for (let k = 1; k < stroke.length; k++) {
      const next = at(stroke[k])
      if (k < stroke.length - 1 && (next[0] - previous[0]) ** 2 + (next[1] - previous[1]) ** 2 < near) continue
      drawSegment(sub, n, previous, next, penWidth / 2)
      previous = next
    }
  }
  // Area averaging: each field pixel is the mean of its SUPERSAMPLE × SUPERSAMPLE sub-pixels.
  const out = new Float32Array(FIELD * FIELD) // (28, 28)
  const share = 1 / (SUPERSAMPLE * SUPERSAMPLE)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[Math.floor(i / SUPERSAMPLE) * FIELD + Math.floor(j / SUPERSAMPLE)] += sub[i * n + j] * share
  }
  for (let p = 0; p < out.length; p++) out[p] = Math.min(1, out[p])
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

/** The smallest rectangle of pixels above `threshold` in an image (H, W), or undefined for a blank one. */
export const boundingBox = (image: Readonly<Float32Array>, H: number, W: number, threshold = 0.02): Box | undefined => {
  let [top, left, bottom, right] = [H, W, -1, -1]
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (image[y * W + x] > threshold) {
        if (y < top) top = y
        if (y > bottom) bottom = y
        if (x < left) left = x
        if (x > right) right = x
      }
    }
  }
  return bottom < 0 ? undefined : { top, left, height: bottom - top + 1, width: right - left + 1 }
}

/**
 * The 28×28 input, in [0, 1] with 1 for ink, that MNIST's preparation makes of `strokes`;
 * undefined when there is no point. A box shorter than `minSide` (in the strokes' units) is
 * scaled as if it were `minSide` long, so that a tap stays a dot.
 */
export const strokesInput = (strokes: readonly Stroke[], minSide = 0, penWidth = PEN_WIDTH): Float32Array | undefined => {
  const box = strokesBox(strokes)
  if (box === undefined) return undefined
  // The points' longest side to 20 − pen: the pen's round ends add half its width on each
  // side, so the ink spans 20 pixels, as MNIST's boxes do. (One point: any scale will do.)
  const side = Math.max(box.height, box.width, minSide)
  const scale = side > 0 ? (BOX - penWidth) / side : 1
  // First the box's centre at the field's centre, then moved by what its centre of mass is off.
  const centred: Placement = {
    scale,
    dx: FIELD / 2 - (box.left + box.width / 2) * scale,
    dy: FIELD / 2 - (box.top + box.height / 2) * scale,
  }
  const [cy, cx] = centreOfMass(renderStrokes(strokes, centred, penWidth), FIELD, FIELD)
  // Keep the ink, pen included, inside the field.
  const r = penWidth / 2
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi)
  const dx = clamp(centred.dx + FIELD / 2 - cx, r - box.left * scale, FIELD - r - (box.left + box.width) * scale)
  const dy = clamp(centred.dy + FIELD / 2 - cy, r - box.top * scale, FIELD - r - (box.top + box.height) * scale)
  return renderStrokes(strokes, { scale, dx, dy }, penWidth)
}
