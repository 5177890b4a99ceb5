// Built by `npm run site` from site/*.ts and the library in src/: edit those, not this file.
"use strict";
(() => {
  // site/recycledMemory.ts
  var SLAB_BYTES = 1 << 16;
  var SMALL_BYTES = 4096;
  var ALIGN = 16;
  var NativeArrayBuffer = globalThis.ArrayBuffer;
  var NativeUint8Array = globalThis.Uint8Array;
  var slabOf = /* @__PURE__ */ new WeakMap();
  var pools = /* @__PURE__ */ new Map();
  var POOLED_BYTES = 64 << 20;
  var pooled = 0;
  var fromPool = (bytes) => {
    const buffer = pools.get(bytes)?.pop();
    if (buffer !== void 0 && bytes !== SLAB_BYTES) pooled -= bytes;
    return buffer;
  };
  var release = (slab2) => {
    if (!(slab2.retired && slab2.live === 0)) return;
    const bytes = slab2.buffer.byteLength;
    if (bytes !== SLAB_BYTES && pooled + bytes > POOLED_BYTES) return;
    new NativeUint8Array(slab2.buffer).fill(0);
    const pool = pools.get(bytes) ?? [];
    pool.push(slab2.buffer);
    pools.set(bytes, pool);
    if (bytes !== SLAB_BYTES) pooled += bytes;
  };
  var registry = new FinalizationRegistry((slab2) => {
    slab2.live--;
    release(slab2);
  });
  var acquire = (bytes = SLAB_BYTES, retired = false) => {
    const slab2 = { buffer: fromPool(bytes) ?? new NativeArrayBuffer(bytes), live: 0, retired };
    slabOf.set(slab2.buffer, slab2);
    return slab2;
  };
  var retire = (slab2) => {
    if (slab2 === void 0) return;
    slab2.retired = true;
    release(slab2);
  };
  var library;
  var own = acquire();
  var used = 0;
  function RecycledArrayBuffer(...args) {
    if (args.length === 1 && args[0] === SLAB_BYTES) {
      retire(library);
      library = acquire();
      return library.buffer;
    }
    return Reflect.construct(NativeArrayBuffer, args);
  }
  Object.setPrototypeOf(RecycledArrayBuffer, NativeArrayBuffer);
  RecycledArrayBuffer.prototype = NativeArrayBuffer.prototype;
  var counted = (Native) => {
    const size = Native.BYTES_PER_ELEMENT;
    function Counted(a, b, c) {
      let view;
      if (arguments.length === 1 && typeof a === "number" && Number.isInteger(a) && a > 0 && a * size <= SMALL_BYTES) {
        const bytes = Math.ceil(a * size / ALIGN) * ALIGN;
        if (used + bytes > SLAB_BYTES) {
          retire(own);
          own = acquire();
          used = 0;
        }
        view = new Native(own.buffer, used, a);
        used += bytes;
      } else if (arguments.length === 1 && typeof a === "number" && Number.isInteger(a) && a > 0 && a * size <= 1 << 30) {
        view = new Native(acquire(a * size, true).buffer, 0, a);
      } else if (arguments.length === 3) {
        view = new Native(a, b, c);
      } else {
        return Reflect.construct(Native, Array.from(arguments));
      }
      const slab2 = slabOf.get(view.buffer);
      if (slab2 !== void 0) {
        slab2.live++;
        registry.register(view, slab2);
      }
      return view;
    }
    Object.setPrototypeOf(Counted, Native);
    Counted.prototype = Native.prototype;
    return Counted;
  };
  var ArrayBufferRecycled = RecycledArrayBuffer;
  var Float32ArrayRecycled = counted(globalThis.Float32Array);
  var Float64ArrayRecycled = counted(globalThis.Float64Array);
  var Int32ArrayRecycled = counted(globalThis.Int32Array);
  var Uint8ArrayRecycled = counted(globalThis.Uint8Array);

  // node_modules/fp-ts/es6/function.js
  var __spreadArray = function(to, from, pack) {
    if (pack || arguments.length === 2) for (var i = 0, l = from.length, ar; i < l; i++) {
      if (ar || !(i in from)) {
        if (!ar) ar = Array.prototype.slice.call(from, 0, i);
        ar[i] = from[i];
      }
    }
    return to.concat(ar || Array.prototype.slice.call(from));
  };
  function identity(a) {
    return a;
  }
  function pipe(a, ab, bc, cd, de, ef, fg, gh, hi) {
    switch (arguments.length) {
      case 1:
        return a;
      case 2:
        return ab(a);
      case 3:
        return bc(ab(a));
      case 4:
        return cd(bc(ab(a)));
      case 5:
        return de(cd(bc(ab(a))));
      case 6:
        return ef(de(cd(bc(ab(a)))));
      case 7:
        return fg(ef(de(cd(bc(ab(a))))));
      case 8:
        return gh(fg(ef(de(cd(bc(ab(a)))))));
      case 9:
        return hi(gh(fg(ef(de(cd(bc(ab(a))))))));
      default: {
        var ret = arguments[0];
        for (var i = 1; i < arguments.length; i++) {
          ret = arguments[i](ret);
        }
        return ret;
      }
    }
  }
  var dual = function(arity, body2) {
    var isDataFirst = typeof arity === "number" ? function(args) {
      return args.length >= arity;
    } : arity;
    return function() {
      var args = Array.from(arguments);
      if (isDataFirst(arguments)) {
        return body2.apply(this, args);
      }
      return function(self2) {
        return body2.apply(void 0, __spreadArray([self2], args, false));
      };
    };
  };

  // node_modules/fp-ts/es6/internal.js
  var isLeft = function(ma) {
    return ma._tag === "Left";
  };
  var left = function(e) {
    return { _tag: "Left", left: e };
  };
  var right = function(a) {
    return { _tag: "Right", right: a };
  };

  // node_modules/fp-ts/es6/Functor.js
  function as(F) {
    return function(self2, b) {
      return F.map(self2, function() {
        return b;
      });
    };
  }
  function asUnit(F) {
    var asM = as(F);
    return function(self2) {
      return asM(self2, void 0);
    };
  }

  // node_modules/fp-ts/es6/Chain.js
  function tap(M3) {
    return function(first, f) {
      return M3.chain(first, function(a) {
        return M3.map(f(a), function() {
          return a;
        });
      });
    };
  }

  // node_modules/fp-ts/es6/Either.js
  var left2 = left;
  var right2 = right;
  var flatMap = /* @__PURE__ */ dual(2, function(ma, f) {
    return isLeft2(ma) ? ma : f(ma.right);
  });
  var _map = function(fa, f) {
    return pipe(fa, map(f));
  };
  var _ap = function(fab, fa) {
    return pipe(fab, ap(fa));
  };
  var URI = "Either";
  var map = function(f) {
    return function(fa) {
      return isLeft2(fa) ? fa : right2(f(fa.right));
    };
  };
  var Functor = {
    URI,
    map: _map
  };
  var as2 = dual(2, as(Functor));
  var asUnit2 = asUnit(Functor);
  var apW = function(fa) {
    return function(fab) {
      return isLeft2(fab) ? fab : isLeft2(fa) ? fa : right2(fab.right(fa.right));
    };
  };
  var ap = apW;
  var Chain = {
    URI,
    map: _map,
    ap: _ap,
    chain: flatMap
  };
  var FromEither = {
    URI,
    fromEither: identity
  };
  var isLeft2 = isLeft;
  var tap2 = /* @__PURE__ */ dual(2, tap(Chain));
  var _FromEither = {
    fromEither: FromEither.fromEither
  };

  // src/core/shape.ts
  var sizeOf = (shape) => shape.reduce((a, b) => a * b, 1);
  var sameShape = (a, b) => a.length === b.length && a.every((size, axis) => size === b[axis]);
  var showShape = (shape) => `[${shape.join(", ")}]`;
  var isValidShape = (shape) => shape.length > 0 && shape.every((size) => Number.isInteger(size) && size > 0);

  // src/cli/budget.ts
  var MAX_PARAMETERS = 1e7;
  var MAX_ACTIVATION_BYTES = 2 ** 30;
  var MAX_MODEL_FILE_BYTES = 256 * 2 ** 20;
  var EVALUATION_BATCH = 128;
  var grouped = (n) => n.toLocaleString("en-US");
  var showBytes = (bytes) => {
    const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1023.5 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit === 0 ? `${grouped(bytes)} bytes` : `${value >= 99.5 ? value.toFixed(0) : Number(value.toPrecision(2))} ${units[unit]}`;
  };
  var checkBudget = (net, batch) => {
    const count = net.layers.length;
    let parameters = 0;
    let values = 0;
    for (let i = 0; i < count; i++) {
      const layer = net.layers[i];
      const where = `layer ${i + 1} of ${count} (${layer.name})`;
      const own2 = Object.values(layer.paramShapes(net.shapes[i])).reduce((sum, shape) => sum + sizeOf(shape), 0);
      parameters += own2;
      if (parameters > MAX_PARAMETERS) {
        return left2(
          `${where} has ${grouped(own2)} parameters (${showBytes(4 * own2)} as float32), which brings the network to ${grouped(parameters)}; the memory budget allows ${grouped(MAX_PARAMETERS)} parameters in all`
        );
      }
      const out = sizeOf(net.shapes[i + 1]);
      values += out;
      if (4 * values * batch > MAX_ACTIVATION_BYTES) {
        return left2(
          `${where} produces ${grouped(out)} values per image, which brings a batch of ${grouped(batch)} images to ${showBytes(4 * values * batch)} of activations; the memory budget for them is ${showBytes(MAX_ACTIVATION_BYTES)}`
        );
      }
    }
    return right2(net);
  };

  // src/core/memory.ts
  var float32 = (n) => new Float32ArrayRecycled(n);
  var int32 = (n) => new Int32ArrayRecycled(n);
  var floatsLike = (like, n) => like instanceof Float64ArrayRecycled ? new Float64ArrayRecycled(n) : new Float32ArrayRecycled(n);

  // src/core/rng.ts
  var splitMix32 = (x) => {
    let z = x + 2654435769 >>> 0;
    z = Math.imul(z ^ z >>> 16, 2246822507);
    z = Math.imul(z ^ z >>> 13, 3266489909);
    return (z ^ z >>> 16) >>> 0;
  };
  var seedRng = (seed) => {
    const s0 = splitMix32(seed >>> 0);
    const s1 = splitMix32(s0);
    const s2 = splitMix32(s1);
    const s3 = splitMix32(s2);
    return s0 | s1 | s2 | s3 ? [s0, s1, s2, s3] : [1, 0, 0, 0];
  };
  var rotl = (x, k) => x << k | x >>> 32 - k;
  var nextUint32 = (rng) => {
    const [s0, s1, s2, s3] = rng;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    const r2 = s2 ^ s0;
    const r3 = s3 ^ s1;
    const r1 = s1 ^ r2;
    const r0 = s0 ^ r3;
    return [result, [r0 >>> 0, r1 >>> 0, (r2 ^ t) >>> 0, rotl(r3, 11) >>> 0]];
  };
  var uniform = (rng) => {
    const [bits2, next] = nextUint32(rng);
    return [bits2 / 4294967296, next];
  };
  var normal = (rng) => {
    const [a, rng1] = uniform(rng);
    const [b, rng2] = uniform(rng1);
    return [Math.sqrt(-2 * Math.log(1 - a)) * Math.cos(2 * Math.PI * b), rng2];
  };
  var randomInt = (rng, n) => {
    if (!(Number.isInteger(n) && n >= 1 && n <= 4294967296)) throw new RangeError(`randomInt: n must be an integer in [1, 2^32], got ${n}`);
    const max = n - 1;
    let mask = max;
    for (let shift = 1; shift < 32; shift *= 2) mask |= mask >>> shift;
    let state = rng;
    for (; ; ) {
      const [bits2, next] = nextUint32(state);
      state = next;
      const value = (bits2 & mask) >>> 0;
      if (value <= max) return [value, state];
    }
  };
  var sample = (n, rng, draw) => {
    const values = float32(n);
    let state = rng;
    for (let i = 0; i < n; i++) {
      const [value, next] = draw(state);
      values[i] = value;
      state = next;
    }
    return [values, state];
  };
  var permutation = (n, rng) => {
    const order = new Int32ArrayRecycled(n);
    for (let i = 0; i < n; i++) order[i] = i;
    let state = rng;
    for (let i = n - 1; i > 0; i--) {
      const [j, next] = randomInt(state, i + 1);
      state = next;
      const tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return [order, state];
  };

  // src/data/idx.ts
  var UNSIGNED_BYTE = 8;
  var ELEMENT_TYPES = /* @__PURE__ */ new Map([
    [8, "unsigned bytes"],
    [9, "signed bytes"],
    [11, "16-bit integers"],
    [12, "32-bit integers"],
    [13, "32-bit floats"],
    [14, "64-bit floats"]
  ]);
  var hex = (byte) => `0x${byte.toString(16).padStart(2, "0").toUpperCase()}`;
  var uint32At = (bytes, at2) => (bytes[at2] << 24 | bytes[at2 + 1] << 16 | bytes[at2 + 2] << 8 | bytes[at2 + 3]) >>> 0;
  var parseIdx = (bytes, file) => {
    const length = bytes.length;
    if (length < 4) {
      return left2(`${file}: not an IDX file (${length} bytes; the header alone needs at least 4)`);
    }
    if (bytes[0] !== 0 || bytes[1] !== 0) {
      return left2(`${file}: not an IDX file (first two bytes must be 0)`);
    }
    const type = bytes[2];
    if (type !== UNSIGNED_BYTE) {
      const name2 = ELEMENT_TYPES.get(type);
      const what = name2 === void 0 ? `unknown element type ${hex(type)}` : `elements are ${name2} (type ${hex(type)})`;
      return left2(`${file}: ${what}; only unsigned bytes (type 0x08) are supported`);
    }
    const d = bytes[3];
    if (d === 0) return left2(`${file}: has 0 dimensions; an IDX file needs at least 1`);
    const headerBytes = 4 + 4 * d;
    if (length < headerBytes) {
      return left2(`${file}: truncated header: ${d} dimensions need ${headerBytes} header bytes, found ${length}`);
    }
    const dims = [];
    for (let axis = 0; axis < d; axis++) {
      const size = uint32At(bytes, 4 + 4 * axis);
      if (size === 0) return left2(`${file}: dimension ${axis} has size 0; every size must be positive`);
      dims.push(size);
    }
    const expected = dims.reduce((a, b) => a * b, 1);
    const found = length - headerBytes;
    if (found < expected) return left2(`${file}: truncated: expected ${expected} bytes of data, found ${found}`);
    if (found > expected) return left2(`${file}: has ${found - expected} extra bytes after the ${expected} bytes of data`);
    return right2({ dims, data: bytes.subarray(headerBytes) });
  };
  var firstBadLabel = (labels, classes) => {
    for (let i = 0; i < labels.length; i++) if (labels[i] >= classes) return [i, labels[i]];
    return void 0;
  };
  var datasetOf = (images, labels, names, classes = 10) => {
    if (!(Number.isInteger(classes) && classes >= 1 && classes <= 256)) {
      return left2(`data set: the number of classes must be an integer from 1 to 256 (labels are bytes), got ${classes}`);
    }
    if (images.dims.length !== 3) {
      return left2(`${names.images}: images must have 3 dimensions (count, rows, cols), found ${images.dims.length} ([${images.dims.join(", ")}])`);
    }
    if (labels.dims.length !== 1) {
      return left2(`${names.labels}: labels must have 1 dimension (count), found ${labels.dims.length} ([${labels.dims.join(", ")}])`);
    }
    const [count, rows, cols] = images.dims;
    if (labels.dims[0] !== count) {
      return left2(`${names.images} has ${count} images but ${names.labels} has ${labels.dims[0]} labels`);
    }
    const bad = firstBadLabel(labels.data, classes);
    if (bad !== void 0) {
      return left2(`${names.labels}: label ${bad[0]} is ${bad[1]}, but labels must be below the ${classes} classes`);
    }
    return right2({ images: images.data, labels: labels.data, count, rows, cols, classes });
  };
  var concatDatasets = (a, b) => {
    if (a.rows !== b.rows || a.cols !== b.cols) {
      return left2(`cannot concatenate data sets of ${a.rows}×${a.cols} and ${b.rows}×${b.cols} images`);
    }
    if (a.classes !== b.classes) {
      return left2(`cannot concatenate data sets with ${a.classes} and ${b.classes} classes`);
    }
    const images = new Uint8ArrayRecycled(a.images.length + b.images.length);
    images.set(a.images);
    images.set(b.images, a.images.length);
    const labels = new Uint8ArrayRecycled(a.count + b.count);
    labels.set(a.labels);
    labels.set(b.labels, a.count);
    return right2({ images, labels, count: a.count + b.count, rows: a.rows, cols: a.cols, classes: a.classes });
  };

  // src/data/idxWrite.ts
  var CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
    return c >>> 0;
  });
  var crcUpdate = (register, bytes, from, to) => {
    let c = register;
    for (let i = from; i < to; i++) c = CRC_TABLE[(c ^ bytes[i]) & 255] ^ c >>> 8;
    return c >>> 0;
  };
  var samplesFingerprint = (data, indices) => {
    const size = data.rows * data.cols;
    let c = 4294967295;
    for (const i of indices) {
      if (!(Number.isInteger(i) && i >= 0 && i < data.count)) throw new RangeError(`samplesFingerprint: index ${i} is outside the ${data.count} samples`);
      c = crcUpdate(c, data.images, i * size, (i + 1) * size);
    }
    for (const i of indices) c = crcUpdate(c, data.labels, i, i + 1);
    return `${indices.length} sample${indices.length === 1 ? "" : "s"}, CRC-32 ${((c ^ 4294967295) >>> 0).toString(16).padStart(8, "0")}`;
  };

  // src/core/tensor.ts
  var tensor = (shape, data) => {
    const whole = shape.every((size) => Number.isInteger(size) && size >= 0);
    if (!whole || sizeOf(shape) !== data.length) {
      throw new RangeError(`tensor: shape ${showShape(shape)} ${whole ? `holds ${sizeOf(shape)} numbers, data has ${data.length}` : "must list whole numbers from 0 up"}`);
    }
    return { shape, data };
  };
  var zeros = (shape) => tensor(shape, float32(sizeOf(shape)));
  var zerosLike = (like) => tensor(like.shape, floatsLike(like.data, like.data.length));
  var reshape = (x, shape) => tensor(shape, x.data);
  var batchOf = (x) => x.shape[0];
  var sampleShapeOf = (x) => x.shape.slice(1);

  // src/fast/memory.ts
  var SLAB_BYTES2 = 1 << 16;
  var OWN_BUFFER_BYTES = SLAB_BYTES2 >> 1;
  var ALIGN2 = 16;
  var slab = new ArrayBufferRecycled(SLAB_BYTES2);
  var used2 = 0;
  var reserve = (bytes) => {
    const rounded = bytes + ALIGN2 - 1 & ~(ALIGN2 - 1);
    if (used2 + rounded > SLAB_BYTES2) {
      slab = new ArrayBufferRecycled(SLAB_BYTES2);
      used2 = 0;
    }
    const offset = used2;
    used2 += rounded;
    return offset;
  };
  var DYNAMIC_THRESHOLD_BYTES = 4 << 20;
  new ArrayBufferRecycled(DYNAMIC_THRESHOLD_BYTES);
  var float322 = (n) => {
    const bytes = n * 4;
    if (bytes > OWN_BUFFER_BYTES) return new Float32ArrayRecycled(n);
    const offset = reserve(bytes);
    return new Float32ArrayRecycled(slab, offset, n);
  };
  var float642 = (n) => {
    const bytes = n * 8;
    if (bytes > OWN_BUFFER_BYTES) return new Float64ArrayRecycled(n);
    const offset = reserve(bytes);
    return new Float64ArrayRecycled(slab, offset, n);
  };
  var int322 = (n) => {
    const bytes = n * 4;
    if (bytes > OWN_BUFFER_BYTES) return new Int32ArrayRecycled(n);
    const offset = reserve(bytes);
    return new Int32ArrayRecycled(slab, offset, n);
  };
  var floatsLike2 = (like, n) => like instanceof Float64ArrayRecycled ? float642(n) : float322(n);

  // src/fast/gather.ts
  var FLOAT_OF_BYTE = Float32ArrayRecycled.from({ length: 256 }, (_, v) => v / 255);
  var gatherBatchFast = (ds, indices, start, end) => {
    if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= indices.length)) {
      throw new RangeError(`gatherBatch: need 0 ≤ start ≤ end ≤ ${indices.length} (the number of indices), got start ${start}, end ${end}`);
    }
    const N2 = end - start;
    const pixels = ds.rows * ds.cols;
    const images = ds.images;
    const floatOf = FLOAT_OF_BYTE;
    const x = float322(N2 * pixels);
    const labels = new Uint8ArrayRecycled(N2);
    for (let n = 0; n < N2; n++) {
      const i = indices[start + n];
      if (!(i >= 0 && i < ds.count)) throw new RangeError(`gatherBatch: index ${i} at position ${start + n} is outside the ${ds.count} samples`);
      labels[n] = ds.labels[i];
      const from = i * pixels;
      const to = n * pixels;
      for (let p = 0; p < pixels; p++) x[to + p] = floatOf[images[from + p]];
    }
    return { x: tensor([N2, 1, ds.rows, ds.cols], x), labels };
  };

  // src/beyond/random.ts
  var fold = (h, word) => {
    let k = Math.imul(word | 0, 3432918353);
    k = Math.imul(k << 15 | k >>> 17, 461845907);
    const mixed = h ^ k;
    return Math.imul(mixed << 13 | mixed >>> 19, 5) + 3864292196 | 0;
  };
  var finish = (h) => {
    let z = h ^ h >>> 16;
    z = Math.imul(z, 2246822507);
    z ^= z >>> 13;
    z = Math.imul(z, 3266489909);
    return (z ^ z >>> 16) >>> 0;
  };
  var hashAt = (a, b, c, d) => finish(fold(fold(fold(fold(4, a), b), c), d));
  var uniformAt = (a, b, c, d) => hashAt(a, b, c, d) / 4294967296;

  // src/beyond/batchNorm.ts
  var alone = (rows) => rows;
  var sumRows = (rows, k) => {
    const sums = new Float64ArrayRecycled(k);
    for (let at2 = 0; at2 < rows.length; at2 += k) for (let j = 0; j < k; j++) sums[j] += rows[at2 + j];
    return sums;
  };
  var BN_EPSILON = 1e-5;
  var BN_MOMENTUM = 0.1;
  var channelsOf = (x) => {
    const N2 = batchOf(x);
    const C = x.shape[1] ?? 1;
    return { N: N2, C, S: x.data.length / (N2 * C) };
  };
  var channelStats = (x, N2, C, S, share = alone) => {
    const rows = new Float64ArrayRecycled(N2 * C);
    for (let n = 0; n < N2; n++) {
      for (let c = 0; c < C; c++) {
        const run2 = (n * C + c) * S;
        let sum = 0;
        for (let s = 0; s < S; s++) sum += x[run2 + s];
        rows[n * C + c] = sum;
      }
    }
    const all = share(rows);
    const M3 = all.length / C * S;
    const mean = sumRows(all, C).map((sum) => sum / M3);
    const squares = new Float64ArrayRecycled(N2 * C);
    for (let n = 0; n < N2; n++) {
      for (let c = 0; c < C; c++) {
        const run2 = (n * C + c) * S;
        const mu = mean[c];
        let sum = 0;
        for (let s = 0; s < S; s++) {
          const d = x[run2 + s] - mu;
          sum += d * d;
        }
        squares[n * C + c] = sum;
      }
    }
    const variance = sumRows(share(squares), C).map((sum) => sum / M3);
    return [mean, variance, M3];
  };
  var normalise = (x, N2, C, S, mean, invStd, gamma, beta) => {
    const xHat = floatsLike(x, x.length);
    const y = floatsLike(x, x.length);
    for (let n = 0; n < N2; n++) {
      for (let c = 0; c < C; c++) {
        const run2 = (n * C + c) * S;
        const mu = mean[c];
        const scale = invStd[c];
        const g = gamma[c];
        const b = beta[c];
        for (let s = 0; s < S; s++) {
          xHat[run2 + s] = (x[run2 + s] - mu) * scale;
          y[run2 + s] = g * xHat[run2 + s] + b;
        }
      }
    }
    return [xHat, y];
  };
  var batchNormBackward = (dy, cache3, gamma, N2, C, S) => {
    const { xHat, invStd, M: M3, training } = cache3;
    const rows = new Float64ArrayRecycled(N2 * 2 * C);
    for (let n = 0; n < N2; n++) {
      for (let c = 0; c < C; c++) {
        const run2 = (n * C + c) * S;
        let sumDy = 0;
        let sumDyXHat = 0;
        for (let s = 0; s < S; s++) {
          sumDy += dy[run2 + s];
          sumDyXHat += dy[run2 + s] * xHat[run2 + s];
        }
        rows[n * 2 * C + c] = sumDy;
        rows[n * 2 * C + C + c] = sumDyXHat;
      }
    }
    const own2 = sumRows(rows, 2 * C);
    const w = N2 * S / M3;
    const sums = training && cache3.share !== alone ? sumRows(cache3.share(rows.map((v) => v * w)), 2 * C).map((v) => v / w) : own2;
    const dx = floatsLike(dy, dy.length);
    const [dGamma, dBeta, dMean, dVariance] = [0, 1, 2, 3].map(() => floatsLike(gamma, C));
    for (let c = 0; c < C; c++) {
      const sumDy = sums[c];
      const sumDyXHat = sums[C + c];
      dBeta[c] = own2[c];
      dGamma[c] = own2[C + c];
      const k = gamma[c] * invStd[c];
      const [shift, slope] = training ? [k / M3 * sumDy, k / M3 * sumDyXHat] : [0, 0];
      for (let n = 0; n < N2; n++) {
        const run2 = (n * C + c) * S;
        for (let s = 0; s < S; s++) dx[run2 + s] = k * dy[run2 + s] - shift - slope * xHat[run2 + s];
      }
      if (!training) {
        dMean[c] = -k * sumDy;
        dVariance[c] = -0.5 * k * invStd[c] * sumDyXHat;
      }
    }
    return [dx, dGamma, dBeta, dMean, dVariance];
  };
  var settledStats = (mean, variance, cache3) => {
    const C = mean.length;
    const nextMean = floatsLike(mean, C);
    const nextVariance = floatsLike(variance, C);
    const unbias = cache3.M / (cache3.M - 1);
    for (let c = 0; c < C; c++) {
      nextMean[c] = (1 - BN_MOMENTUM) * mean[c] + BN_MOMENTUM * cache3.batchMean[c];
      nextVariance[c] = (1 - BN_MOMENTUM) * variance[c] + BN_MOMENTUM * cache3.batchVar[c] * unbias;
    }
    return [nextMean, nextVariance];
  };
  var batchNorm = () => ({
    name: "bn",
    outShape: (inShape) => inShape.length === 1 || inShape.length === 3 ? right2(inShape) : left2(`batch normalisation takes a dense layer's features (F) or a convolution's channels (C, H, W), got ${showShape(inShape)}`),
    paramShapes: (inShape) => ({ gamma: [inShape[0]], beta: [inShape[0]], mean: [inShape[0]], variance: [inShape[0]] }),
    init: (inShape, rng) => {
      const C = inShape[0];
      return [{ gamma: tensor([C], float32(C).fill(1)), beta: zeros([C]), mean: zeros([C]), variance: tensor([C], float32(C).fill(1)) }, rng];
    },
    forward: (params, x, pass) => {
      const { N: N2, C, S } = channelsOf(x);
      const training = pass !== void 0;
      const share = pass?.share ?? alone;
      const [batchMean, batchVar, M3] = training ? channelStats(x.data, N2, C, S, share) : [new Float64ArrayRecycled(C), new Float64ArrayRecycled(C), N2 * S];
      if (training && M3 < 2) {
        throw new RangeError(`batch normalisation needs at least 2 values per channel to train, got ${M3} (a batch of ${M3 / S} of shape ${showShape(x.shape.slice(1))})`);
      }
      const variance = training ? batchVar : Float64ArrayRecycled.from(params.variance.data);
      const mean = training ? batchMean : Float64ArrayRecycled.from(params.mean.data);
      const invStd = variance.map((v) => 1 / Math.sqrt(v + BN_EPSILON));
      const [xHat, y] = normalise(x.data, N2, C, S, mean, invStd, params.gamma.data, params.beta.data);
      return [tensor(x.shape, y), { training, xHat, invStd, batchMean, batchVar, M: M3, share }];
    },
    backward: (params, cache3, dy) => {
      const { N: N2, C, S } = channelsOf(dy);
      const [dx, dGamma, dBeta, dMean, dVariance] = batchNormBackward(dy.data, cache3, params.gamma.data, N2, C, S);
      return [tensor(dy.shape, dx), { gamma: tensor([C], dGamma), beta: tensor([C], dBeta), mean: tensor([C], dMean), variance: tensor([C], dVariance) }];
    },
    settle: (params, cache3) => {
      if (!cache3.training) return {};
      const [mean, variance] = settledStats(params.mean.data, params.variance.data, cache3);
      return { mean: tensor(params.mean.shape, mean), variance: tensor(params.variance.shape, variance) };
    }
  });
  var valuesPerChannel = (inShape, N2) => N2 * (sizeOf(inShape) / inShape[0]);

  // src/beyond/dropout.ts
  var dropoutMask = (like, N2, size, p, pass) => {
    const mask = floatsLike(like, N2 * size);
    const scale = 1 / (1 - p);
    for (let n = 0; n < N2; n++) {
      for (let j = 0; j < size; j++) {
        mask[n * size + j] = uniformAt(pass.key, pass.layer, pass.first + n, j) < p ? 0 : scale;
      }
    }
    return mask;
  };
  var times = (x, mask) => {
    const y = floatsLike(x, x.length);
    for (let i = 0; i < x.length; i++) y[i] = x[i] * mask[i];
    return y;
  };
  var dropoutName = (p) => `drop${p}`;
  var dropout = (p) => {
    if (!(p >= 0 && p < 1)) throw new RangeError(`dropout: the drop probability must be in [0, 1), got ${p}`);
    if (/e/.test(String(p))) throw new RangeError(`dropout: the drop probability must be 0 or at least 1e-6, to be written in the grammar's decimals, got ${p}`);
    return {
      name: dropoutName(p),
      outShape: (inShape) => right2(inShape),
      paramShapes: () => ({}),
      init: (_inShape, rng) => [{}, rng],
      forward: (_params, x, pass) => {
        if (pass === void 0 || p === 0) return [x, void 0];
        const N2 = batchOf(x);
        const mask = dropoutMask(x.data, N2, x.data.length / N2, p, pass);
        return [tensor(x.shape, times(x.data, mask)), mask];
      },
      backward: (_params, mask, dy) => [mask === void 0 ? dy : tensor(dy.shape, times(dy.data, mask)), {}]
    };
  };

  // src/kernels/activations.ts
  var eachOf = (x, f) => {
    const y = floatsLike(x, x.length);
    for (let i = 0; i < x.length; i++) y[i] = f(x[i]);
    return y;
  };
  var eachPair = (cached, dy, f) => {
    const dx = floatsLike(dy, dy.length);
    for (let i = 0; i < dy.length; i++) dx[i] = f(cached[i], dy[i]);
    return dx;
  };
  var leakyReluForward = (x, alpha) => eachOf(x, (v) => v > 0 ? v : alpha * v);
  var leakyReluBackward = (x, dy, alpha) => eachPair(x, dy, (v, d) => v > 0 ? d : alpha * d);
  var tanhForward = (x) => eachOf(x, Math.tanh);
  var tanhBackward = (y, dy) => eachPair(y, dy, (v, d) => d * (1 - v * v));
  var sigmoidForward = (x) => eachOf(x, (v) => v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
  var sigmoidBackward = (y, dy) => eachPair(y, dy, (v, d) => d * v * (1 - v));
  var activationKernels = { leakyReluForward, leakyReluBackward, tanhForward, tanhBackward, sigmoidForward, sigmoidBackward };

  // src/kernels/conv2d.ts
  var convGeometry = (C, H, W, K, kH, kW, stride, pad) => ({
    C,
    H,
    W,
    K,
    kH,
    kW,
    stride,
    pad,
    oH: Math.floor((H + 2 * pad - kH) / stride) + 1,
    oW: Math.floor((W + 2 * pad - kW) / stride) + 1
  });
  var conv2dForward = (g, x, weights, bias, N2) => {
    const { C, H, W, K, kH, kW, stride, pad, oH, oW } = g;
    const y = floatsLike(x, N2 * K * oH * oW);
    for (let n = 0; n < N2; n++) {
      for (let k = 0; k < K; k++) {
        for (let oh = 0; oh < oH; oh++) {
          for (let ow = 0; ow < oW; ow++) {
            let sum = bias === void 0 ? 0 : bias[k];
            for (let c = 0; c < C; c++) {
              for (let kh = 0; kh < kH; kh++) {
                const ih = oh * stride - pad + kh;
                if (ih < 0 || ih >= H) continue;
                for (let kw = 0; kw < kW; kw++) {
                  const iw = ow * stride - pad + kw;
                  if (iw < 0 || iw >= W) continue;
                  sum += weights[((k * C + c) * kH + kh) * kW + kw] * x[((n * C + c) * H + ih) * W + iw];
                }
              }
            }
            y[((n * K + k) * oH + oh) * oW + ow] = sum;
          }
        }
      }
    }
    return y;
  };
  var conv2dBackward = (g, dy, x, weights, N2) => {
    const { C, H, W, K, kH, kW, stride, pad, oH, oW } = g;
    const dx = floatsLike(dy, N2 * C * H * W);
    const dWeights = floatsLike(dy, K * C * kH * kW);
    for (let n = 0; n < N2; n++) {
      for (let k = 0; k < K; k++) {
        for (let oh = 0; oh < oH; oh++) {
          for (let ow = 0; ow < oW; ow++) {
            const d = dy[((n * K + k) * oH + oh) * oW + ow];
            for (let c = 0; c < C; c++) {
              for (let kh = 0; kh < kH; kh++) {
                const ih = oh * stride - pad + kh;
                if (ih < 0 || ih >= H) continue;
                for (let kw = 0; kw < kW; kw++) {
                  const iw = ow * stride - pad + kw;
                  if (iw < 0 || iw >= W) continue;
                  const i = ((n * C + c) * H + ih) * W + iw;
                  const w = ((k * C + c) * kH + kh) * kW + kw;
                  dx[i] += d * weights[w];
                  dWeights[w] += d * x[i];
                }
              }
            }
          }
        }
      }
    }
    return [dx, dWeights];
  };
  var conv2dBackwardBias = (g, dy, N2) => {
    const { K, oH, oW } = g;
    const dBias = floatsLike(dy, K);
    for (let n = 0; n < N2; n++) {
      for (let k = 0; k < K; k++) {
        for (let i = 0; i < oH * oW; i++) dBias[k] += dy[(n * K + k) * oH * oW + i];
      }
    }
    return dBias;
  };
  var conv2dKernels = { forward: conv2dForward, backward: conv2dBackward, backwardBias: conv2dBackwardBias };

  // src/kernels/dense.ts
  var denseForward = (x, weights, bias, N2, F, O) => {
    const y = floatsLike(x, N2 * O);
    for (let n = 0; n < N2; n++) {
      for (let o = 0; o < O; o++) {
        let sum = bias[o];
        for (let f = 0; f < F; f++) sum += weights[o * F + f] * x[n * F + f];
        y[n * O + o] = sum;
      }
    }
    return y;
  };
  var denseBackward = (dy, x, weights, N2, F, O) => {
    const dx = floatsLike(dy, N2 * F);
    const dWeights = floatsLike(dy, O * F);
    const dBias = floatsLike(dy, O);
    for (let n = 0; n < N2; n++) {
      for (let o = 0; o < O; o++) {
        const d = dy[n * O + o];
        dBias[o] += d;
        for (let f = 0; f < F; f++) {
          dx[n * F + f] += d * weights[o * F + f];
          dWeights[o * F + f] += d * x[n * F + f];
        }
      }
    }
    return [dx, dWeights, dBias];
  };
  var denseKernels = { forward: denseForward, backward: denseBackward };

  // src/kernels/maxpool.ts
  var poolGeometry = (C, H, W, size, stride) => ({
    C,
    H,
    W,
    size,
    stride,
    oH: Math.floor((H - size) / stride) + 1,
    oW: Math.floor((W - size) / stride) + 1
  });
  var maxPoolForward = (g, x, N2) => {
    const { C, H, W, size, stride, oH, oW } = g;
    const y = floatsLike(x, N2 * C * oH * oW);
    const argmax = int32(N2 * C * oH * oW);
    for (let nc = 0; nc < N2 * C; nc++) {
      const plane = nc * H * W;
      for (let oh = 0; oh < oH; oh++) {
        for (let ow = 0; ow < oW; ow++) {
          let best = plane + oh * stride * W + ow * stride;
          let bestValue = x[best];
          for (let i = 0; i < size; i++) {
            const row = plane + (oh * stride + i) * W + ow * stride;
            for (let j = 0; j < size; j++) {
              const v = x[row + j];
              if (v > bestValue) {
                bestValue = v;
                best = row + j;
              }
            }
          }
          const out = (nc * oH + oh) * oW + ow;
          y[out] = bestValue;
          argmax[out] = best;
        }
      }
    }
    return [y, argmax];
  };
  var maxPoolBackward = (dy, argmax, inputSize) => {
    const dx = floatsLike(dy, inputSize);
    for (let i = 0; i < dy.length; i++) dx[argmax[i]] += dy[i];
    return dx;
  };
  var maxPoolKernels = { forward: maxPoolForward, backward: maxPoolBackward };

  // src/layers/activations.ts
  var elementwise = (name2, forward2, backward2) => ({
    name: name2,
    outShape: (inShape) => right2(inShape),
    paramShapes: () => ({}),
    init: (_inShape, rng) => [{}, rng],
    forward: (_params, x) => {
      const [y, cached] = forward2(x.data);
      return [tensor(x.shape, y), cached];
    },
    backward: (_params, cached, dy) => [tensor(dy.shape, backward2(cached, dy.data)), {}]
  });
  var leakyRelu = (alpha, kernels = activationKernels) => elementwise(
    alpha === 0.01 ? "lrelu" : `lrelu${alpha}`,
    (x) => [kernels.leakyReluForward(x, alpha), x],
    (x, dy) => kernels.leakyReluBackward(x, dy, alpha)
  );
  var relu = (kernels = activationKernels) => ({
    ...leakyRelu(0, kernels),
    name: "relu"
  });
  var outputIsCache = (y) => [y, y];
  var tanh = (kernels = activationKernels) => elementwise("tanh", (x) => outputIsCache(kernels.tanhForward(x)), kernels.tanhBackward);
  var sigmoid = (kernels = activationKernels) => elementwise("sigmoid", (x) => outputIsCache(kernels.sigmoidForward(x)), kernels.sigmoidBackward);

  // src/core/init.ts
  var heNormal = (shape, { fanIn }, rng) => {
    const std = Math.sqrt(2 / fanIn);
    const [values, next] = sample(sizeOf(shape), rng, (state) => {
      const [z, after] = normal(state);
      return [z * std, after];
    });
    return [tensor(shape, values), next];
  };
  var glorotUniform = (shape, { fanIn, fanOut }, rng) => {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const [values, next] = sample(sizeOf(shape), rng, (state) => {
      const [u, after] = uniform(state);
      return [(2 * u - 1) * limit, after];
    });
    return [tensor(shape, values), next];
  };
  var zerosInit = (shape, _fans, rng) => [zeros(shape), rng];
  var initializers = {
    he: heNormal,
    glorot: glorotUniform,
    zeros: zerosInit
  };

  // src/layers/conv2d.ts
  var conv2d = (options) => {
    const { filters: K, kernelSize: [kH, kW], stride = 1, padding: pad = 0, bias = false } = options;
    const init = initializers[options.init ?? "glorot"];
    const kernels = options.kernels ?? conv2dKernels;
    const name2 = `conv${kH}x${kW}x${K}${pad ? `p${pad}` : ""}${stride !== 1 ? `s${stride}` : ""}${bias ? "b" : ""}`;
    const geometryOf = (inShape) => convGeometry(inShape[0], inShape[1], inShape[2], K, kH, kW, stride, pad);
    return {
      name: name2,
      outShape: (inShape) => {
        if (inShape.length !== 3) return left2(`${name2} needs an input of shape [C, H, W], got ${showShape(inShape)}`);
        const g = geometryOf(inShape);
        if (g.oH < 1 || g.oW < 1) {
          return left2(`${name2}: a ${kH}×${kW} kernel does not fit the ${showShape(inShape)} input with padding ${pad}`);
        }
        return right2([K, g.oH, g.oW]);
      },
      paramShapes: (inShape) => ({ weights: [K, inShape[0], kH, kW], ...bias ? { bias: [K] } : {} }),
      init: (inShape, rng) => {
        const C = inShape[0];
        const [weights, next] = init([K, C, kH, kW], { fanIn: C * kH * kW, fanOut: K * kH * kW }, rng);
        return [bias ? { weights, bias: zeros([K]) } : { weights }, next];
      },
      forward: (params, x) => {
        const g = geometryOf(x.shape.slice(1));
        const N2 = batchOf(x);
        const y = kernels.forward(g, x.data, params.weights.data, params.bias?.data, N2);
        return [tensor([N2, K, g.oH, g.oW], y), x];
      },
      backward: (params, x, dy) => {
        const g = geometryOf(x.shape.slice(1));
        const [dx, dWeights] = kernels.backward(g, dy.data, x.data, params.weights.data, batchOf(x));
        const weights = tensor([K, g.C, kH, kW], dWeights);
        return [tensor(x.shape, dx), bias ? { weights, bias: tensor([K], kernels.backwardBias(g, dy.data, batchOf(dy))) } : { weights }];
      }
    };
  };

  // src/layers/dense.ts
  var dense = (outputs, options = {}) => {
    const init = initializers[options.init ?? "glorot"];
    const kernels = options.kernels ?? denseKernels;
    const sizes = (x) => ({ N: batchOf(x), F: x.data.length / batchOf(x) });
    return {
      name: `dense${outputs}`,
      outShape: () => right2([outputs]),
      paramShapes: (inShape) => ({ weights: [outputs, sizeOf(inShape)], bias: [outputs] }),
      init: (inShape, rng) => {
        const F = sizeOf(inShape);
        const [weights, next] = init([outputs, F], { fanIn: F, fanOut: outputs }, rng);
        return [{ weights, bias: zeros([outputs]) }, next];
      },
      forward: (params, x) => {
        const { N: N2, F } = sizes(x);
        const y = kernels.forward(x.data, params.weights.data, params.bias.data, N2, F, outputs);
        return [tensor([N2, outputs], y), x];
      },
      backward: (params, x, dy) => {
        const { N: N2, F } = sizes(x);
        const [dx, dWeights, dBias] = kernels.backward(dy.data, x.data, params.weights.data, N2, F, outputs);
        return [tensor(x.shape, dx), { weights: tensor([outputs, F], dWeights), bias: tensor([outputs], dBias) }];
      }
    };
  };

  // src/layers/flatten.ts
  var flatten = {
    name: "flatten",
    outShape: (inShape) => right2([sizeOf(inShape)]),
    paramShapes: () => ({}),
    init: (_inShape, rng) => [{}, rng],
    forward: (_params, x) => [reshape(x, [batchOf(x), x.data.length / batchOf(x)]), x.shape],
    backward: (_params, inShape, dy) => [reshape(dy, inShape), {}]
  };

  // src/layers/maxPool.ts
  var maxPool = (size, stride = size, kernels = maxPoolKernels) => {
    const name2 = stride === size ? `pool${size}` : `pool${size}s${stride}`;
    const geometryOf = (inShape) => poolGeometry(inShape[0], inShape[1], inShape[2], size, stride);
    return {
      name: name2,
      outShape: (inShape) => {
        if (inShape.length !== 3) return left2(`${name2} needs an input of shape [C, H, W], got ${showShape(inShape)}`);
        const g = geometryOf(inShape);
        if (g.oH < 1 || g.oW < 1) return left2(`${name2}: a ${size}×${size} window does not fit the ${showShape(inShape)} input`);
        return right2([g.C, g.oH, g.oW]);
      },
      paramShapes: () => ({}),
      init: (_inShape, rng) => [{}, rng],
      forward: (_params, x) => {
        const g = geometryOf(x.shape.slice(1));
        const N2 = batchOf(x);
        const [y, argmax] = kernels.forward(g, x.data, N2);
        return [tensor([N2, g.C, g.oH, g.oW], y), { argmax, inShape: x.shape }];
      },
      backward: (_params, cache3, dy) => [tensor(cache3.inShape, kernels.backward(dy.data, cache3.argmax, sizeOf(cache3.inShape))), {}]
    };
  };

  // src/model/sequential.ts
  var sequential = (inShape, layers) => {
    if (!isValidShape(inShape)) return left2(`input shape ${showShape(inShape)} must be a list of positive integers`);
    if (layers.length === 0) return left2("a network needs at least one layer");
    const shapes = [inShape];
    for (const [i, layer] of layers.entries()) {
      const out = layer.outShape(shapes[i]);
      if (isLeft2(out)) return left2(`layer ${i + 1} of ${layers.length} (${layer.name}, input ${showShape(shapes[i])}): ${out.left}`);
      shapes.push(out.right);
    }
    return right2({ layers, shapes });
  };
  var outputShapeOf = (net) => net.shapes[net.shapes.length - 1];
  var initParams = (net, rng) => {
    let state = rng;
    const params = net.layers.map((layer, i) => {
      const [p, next] = layer.init(net.shapes[i], state);
      state = next;
      return p;
    });
    return [params, state];
  };
  var forward = (net, params, x, pass) => {
    if (x.data.length !== sizeOf(x.shape)) throw new RangeError(`forward: x has shape ${showShape(x.shape)}, which holds ${sizeOf(x.shape)} numbers, but its data has ${x.data.length}`);
    if (!sameShape(sampleShapeOf(x), net.shapes[0])) throw new RangeError(`forward: the network takes samples of shape ${showShape(net.shapes[0])}, got ${showShape(sampleShapeOf(x))}`);
    if (params.length !== net.layers.length) throw new RangeError(`forward: the network has ${net.layers.length} layers, but the parameters have ${params.length} records`);
    for (const [i, layer] of net.layers.entries()) {
      const needs = Object.entries(layer.paramShapes(net.shapes[i]));
      const fits = Object.keys(params[i]).length === needs.length && needs.every(([name2, shape]) => params[i][name2]?.data?.length === sizeOf(shape) && sameShape(params[i][name2].shape, shape));
      if (!fits) throw new RangeError(`forward: layer ${i + 1} (${layer.name}) needs {${needs.map(([name2, shape]) => ` ${name2}: ${sizeOf(shape)} numbers of shape ${showShape(shape)}`).join(",")} }, got {${Object.entries(params[i]).map(([name2, t]) => ` ${name2}: ${t?.data?.length} numbers of shape ${showShape(t?.shape ?? [])}`).join(",")} }`);
    }
    const caches = new Array(net.layers.length);
    let y = x;
    for (let i = 0; i < net.layers.length; i++) {
      const [out, cache3] = net.layers[i].forward(params[i], y, pass && { ...pass, layer: i });
      caches[i] = cache3;
      y = out;
    }
    return [y, caches];
  };
  var backward = (net, params, caches, dy) => {
    const grads = new Array(net.layers.length);
    let d = dy;
    for (let i = net.layers.length - 1; i >= 0; i--) {
      const [dx, dParams] = net.layers[i].backward(params[i], caches[i], d);
      grads[i] = dParams;
      d = dx;
    }
    return [d, grads];
  };

  // src/model/arch.ts
  var referenceKernels = { conv2d: conv2dKernels, dense: denseKernels, maxPool: maxPoolKernels, activations: activationKernels };
  var positive = (text, fallback, what) => {
    const value = text === void 0 ? fallback : Number(text);
    return Number.isSafeInteger(value) && value >= 1 ? right2(value) : left2(`${what} must be a positive integer, got ${text}`);
  };
  var positives = (...checks) => {
    const values = [];
    for (const check of checks) {
      if (isLeft2(check)) return check;
      values.push(check.right);
    }
    return right2(values);
  };
  var rules = [
    [/^conv(\d+)x(\d+)x(\d+)(?:p(\d+))?(?:s(\d+))?(b)?$/, ([, kH, kW, K, pad, stride, b], kernels) => {
      const n = positives(positive(kH, 1, "kernel height"), positive(kW, 1, "kernel width"), positive(K, 1, "number of filters"), positive(stride, 1, "stride"));
      if (isLeft2(n)) return n;
      const [h, w, filters, s] = n.right;
      return right2(conv2d({ filters, kernelSize: [h, w], stride: s, padding: Number(pad ?? 0), bias: b === "b", kernels: kernels.conv2d }));
    }],
    [/^pool(\d+)(?:s(\d+))?$/, ([, size, stride], kernels) => {
      const n = positives(positive(size, 1, "pool size"), positive(stride, Number(size), "pool stride"));
      return isLeft2(n) ? n : right2(maxPool(n.right[0], n.right[1], kernels.maxPool));
    }],
    [/^dense(\d+)$/, ([, outputs], kernels) => {
      const o = positive(outputs, 1, "dense outputs");
      return isLeft2(o) ? o : right2(dense(o.right, { kernels: kernels.dense }));
    }],
    [/^relu$/, (_m, kernels) => right2(relu(kernels.activations))],
    [/^lrelu(\d*\.?\d+)?$/, ([, slope], kernels) => {
      const alpha = slope === void 0 ? 0.01 : Number(slope);
      return alpha >= 0 && alpha < 1 ? right2(leakyRelu(alpha, kernels.activations)) : left2(`leaky ReLU slope must be in [0, 1), got ${slope}`);
    }],
    [/^tanh$/, (_m, kernels) => right2(tanh(kernels.activations))],
    [/^sigmoid$/, (_m, kernels) => right2(sigmoid(kernels.activations))],
    [/^flatten$/, () => right2(flatten)]
  ];
  var parseLayer = (token, kernels) => {
    for (const [pattern, build] of rules.concat(kernels.moreLayers ?? [])) {
      const m = pattern.exec(token);
      if (m === null) continue;
      const layer = build(m, kernels);
      return isLeft2(layer) ? left2(`"${token}": ${layer.left}`) : layer;
    }
    return left2(`"${token}" is not a layer; expected conv<kH>x<kW>x<K>[p<pad>][s<stride>][b], pool<n>[s<stride>], dense<n>, relu, lrelu[<alpha>], tanh, sigmoid or flatten${(kernels.moreLayers ?? []).map(([, , spelling]) => ` or ${spelling}`).join("")}`);
  };
  var parseArch = (arch, kernels = referenceKernels) => {
    if (arch.trim() === "") return left2("the architecture is empty");
    const layers = [];
    for (const token of arch.trim().split("-")) {
      const layer = parseLayer(token, kernels);
      if (isLeft2(layer)) return left2(`cannot read architecture "${arch}": ${layer.left}`);
      layers.push(layer.right);
    }
    return right2(layers);
  };
  var buildNetwork = (arch, inShape, classes, kernels = referenceKernels) => {
    const layers = parseArch(arch, kernels);
    const net = isLeft2(layers) ? layers : sequential(inShape, layers.right);
    if (isLeft2(net)) return net;
    const out = outputShapeOf(net.right);
    return out.length === 1 && out[0] === classes ? net : left2(`the architecture "${arch}" ends with ${showShape(out)} values per image, but the data has ${classes} classes: end it with dense${classes}`);
  };

  // src/model/beyond.ts
  var beyondLayers = [
    [/^drop(\d*\.?\d+)$/, ([, p]) => {
      const probability = Number(p);
      if (!(probability < 1)) return left2(`the drop probability must be below 1, got ${p}`);
      return /^\d*(?:\.\d{1,3})?$/.test(p ?? "") ? right2(dropout(probability)) : left2(`the drop probability takes at most 3 decimals, got ${p}`);
    }, "drop<p>"],
    [/^bn$/, () => right2(batchNorm()), "bn"]
  ];
  var withBeyondLayers = (kernels) => ({ ...kernels, moreLayers: beyondLayers });
  var DROPOUT_STREAM = 53769;
  var trainingPass = (seed) => (epoch, step) => ({ key: hashAt(seed, epoch, step, DROPOUT_STREAM), layer: 0, first: 0 });
  var needsPass = (net) => net.layers.some((layer) => layer.name === "bn" || layer.name.startsWith("drop"));
  var batchTooSmall = (net, batchSize) => {
    const i = net.layers.findIndex((layer, at2) => layer.name === "bn" && valuesPerChannel(net.shapes[at2], batchSize) < 2);
    return i < 0 ? void 0 : `layer ${i + 1} (bn) normalises each feature over the batch, which needs batches of at least 2 samples to train, got a batch size of ${batchSize}`;
  };
  var beyondKernels = withBeyondLayers(referenceKernels);

  // src/fast/activations.ts
  var map2 = (x, f) => {
    const y = floatsLike2(x, x.length);
    for (let i = 0; i < x.length; i++) y[i] = f(x[i]);
    return y;
  };
  var map22 = (a, b, f) => {
    const y = floatsLike2(b, b.length);
    for (let i = 0; i < b.length; i++) y[i] = f(a[i], b[i]);
    return y;
  };
  var slopesOf = (alpha) => Float64ArrayRecycled.of(alpha, 1);
  var activationKernelsFast = {
    leakyReluForward: (x, alpha) => {
      const y = floatsLike2(x, x.length);
      const slopes = slopesOf(alpha);
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = slopes[+(v > 0)] * v;
      }
      return y;
    },
    leakyReluBackward: (x, dy, alpha) => {
      const dx = floatsLike2(dy, dy.length);
      const slopes = slopesOf(alpha);
      for (let i = 0; i < dy.length; i++) dx[i] = slopes[+(x[i] > 0)] * dy[i];
      return dx;
    },
    tanhForward: (x) => map2(x, Math.tanh),
    tanhBackward: (y, dy) => map22(y, dy, (v, d) => d * (1 - v * v)),
    sigmoidForward: (x) => map2(x, (v) => v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))),
    sigmoidBackward: (y, dy) => map22(y, dy, (v, d) => d * v * (1 - v))
  };
  var maxPoolWindows = (g, x, N2) => {
    const { C, H, W, size, stride, oH, oW } = g;
    const y = floatsLike2(x, N2 * C * oH * oW);
    const argmax = int322(N2 * C * oH * oW);
    for (let nc = 0; nc < N2 * C; nc++) {
      const plane = nc * H * W;
      for (let oh = 0; oh < oH; oh++) {
        for (let ow = 0; ow < oW; ow++) {
          let best = plane + oh * stride * W + ow * stride;
          let bestValue = x[best];
          for (let i = 0; i < size; i++) {
            const row = plane + (oh * stride + i) * W + ow * stride;
            for (let j = 0; j < size; j++) {
              if (x[row + j] > bestValue) {
                bestValue = x[row + j];
                best = row + j;
              }
            }
          }
          const out = (nc * oH + oh) * oW + ow;
          y[out] = bestValue;
          argmax[out] = best;
        }
      }
    }
    return [y, argmax];
  };
  var maxPool2x2 = (g, x, N2) => {
    const { C, H, W, oH, oW } = g;
    const y = floatsLike2(x, N2 * C * oH * oW);
    const argmax = int322(N2 * C * oH * oW);
    let out = 0;
    for (let nc = 0; nc < N2 * C; nc++) {
      const plane = nc * H * W;
      for (let oh = 0; oh < oH; oh++) {
        for (let ow = 0; ow < oW; ow++, out++) {
          const i0 = plane + 2 * oh * W + 2 * ow;
          let best = i0;
          let bestValue = x[i0];
          if (x[i0 + 1] > bestValue) {
            best = i0 + 1;
            bestValue = x[i0 + 1];
          }
          if (x[i0 + W] > bestValue) {
            best = i0 + W;
            bestValue = x[i0 + W];
          }
          if (x[i0 + W + 1] > bestValue) {
            best = i0 + W + 1;
            bestValue = x[i0 + W + 1];
          }
          y[out] = bestValue;
          argmax[out] = best;
        }
      }
    }
    return [y, argmax];
  };
  var maxPoolKernelsFast = {
    forward: (g, x, N2) => g.size === 2 && g.stride === 2 ? maxPool2x2(g, x, N2) : maxPoolWindows(g, x, N2),
    backward: (dy, argmax, inputSize) => {
      const dx = floatsLike2(dy, inputSize);
      for (let i = 0; i < dy.length; i++) dx[argmax[i]] += dy[i];
      return dx;
    }
  };

  // src/fast/scratch.ts
  var f32 = /* @__PURE__ */ new Map();
  var f64 = /* @__PURE__ */ new Map();
  var i32 = /* @__PURE__ */ new Map();
  var grown = (pool, slot, n, make) => {
    const have = pool.get(slot);
    if (have !== void 0 && have.length >= n) return have;
    const made = make(Math.max(n, 2 * (have?.length ?? 0)));
    pool.set(slot, made);
    return made;
  };
  var scratchZeros = (like, n, slot) => like instanceof Float64ArrayRecycled ? grown(f64, slot, n, (k) => new Float64ArrayRecycled(k)).fill(0, 0, n).subarray(0, n) : grown(f32, slot, n, (k) => new Float32ArrayRecycled(k)).fill(0, 0, n).subarray(0, n);
  var scratchFloat64 = (n, slot) => grown(f64, slot, n, (k) => new Float64ArrayRecycled(k)).subarray(0, n);
  var scratchInt32 = (n, slot) => grown(i32, slot, n, (k) => new Int32ArrayRecycled(k)).subarray(0, n);

  // src/fast/padding.ts
  var padInput = (g, x, N2) => {
    const { C, H, W, pad } = g;
    if (pad === 0) return x;
    const pH = H + 2 * pad;
    const pW = W + 2 * pad;
    const padded = scratchZeros(x, N2 * C * pH * pW, "padded");
    for (let nc = 0; nc < N2 * C; nc++) {
      for (let h = 0; h < H; h++) {
        const from = (nc * H + h) * W;
        const to = (nc * pH + h + pad) * pW + pad;
        for (let w = 0; w < W; w++) padded[to + w] = x[from + w];
      }
    }
    return padded;
  };
  var paddedZeros = (g, like, N2) => g.pad === 0 ? floatsLike2(like, N2 * g.C * g.H * g.W) : scratchZeros(like, N2 * g.C * (g.H + 2 * g.pad) * (g.W + 2 * g.pad), "paddedGradient");
  var cropPadding = (g, padded, N2) => {
    const { C, H, W, pad } = g;
    if (pad === 0) return padded;
    const pH = H + 2 * pad;
    const pW = W + 2 * pad;
    const out = floatsLike2(padded, N2 * C * H * W);
    for (let nc = 0; nc < N2 * C; nc++) {
      for (let h = 0; h < H; h++) {
        const from = (nc * pH + h + pad) * pW + pad;
        const to = (nc * H + h) * W;
        for (let w = 0; w < W; w++) out[to + w] = padded[from + w];
      }
    }
    return out;
  };

  // src/fast/conv2dDirect.ts
  var addBias = (y, bias, N2, K, P2) => {
    if (bias === void 0) return y;
    for (let nk = 0; nk < N2 * K; nk++) {
      const b = bias[nk % K];
      for (let i = nk * P2; i < (nk + 1) * P2; i++) y[i] += b;
    }
    return y;
  };
  var conv2dForwardGather = (g, x, weights, bias, N2) => {
    const { C, K, kH, kW, stride: s, oH, oW } = g;
    const H = g.H + 2 * g.pad;
    const W = g.W + 2 * g.pad;
    const xp = padInput(g, x, N2);
    const y = floatsLike2(x, N2 * K * oH * oW);
    const s2 = 2 * s;
    const s3 = 3 * s;
    for (let n = 0; n < N2; n++) {
      for (let k = 0; k < K; k++) {
        for (let oh = 0; oh < oH; oh++) {
          const yRow = ((n * K + k) * oH + oh) * oW;
          let ow = 0;
          for (; ow + 4 <= oW; ow += 4) {
            let y0 = 0;
            let y1 = 0;
            let y2 = 0;
            let y3 = 0;
            for (let c = 0; c < C; c++) {
              let xRow = ((n * C + c) * H + oh * s) * W + ow * s;
              let wRow = (k * C + c) * kH * kW;
              for (let kh = 0; kh < kH; kh++, xRow += W, wRow += kW) {
                for (let kw = 0; kw < kW; kw++) {
                  const wv = weights[wRow + kw];
                  const i = xRow + kw;
                  y0 += wv * xp[i];
                  y1 += wv * xp[i + s];
                  y2 += wv * xp[i + s2];
                  y3 += wv * xp[i + s3];
                }
              }
            }
            y[yRow + ow] = y0;
            y[yRow + ow + 1] = y1;
            y[yRow + ow + 2] = y2;
            y[yRow + ow + 3] = y3;
          }
          for (; ow < oW; ow++) {
            let sum = 0;
            for (let c = 0; c < C; c++) {
              let xRow = ((n * C + c) * H + oh * s) * W + ow * s;
              let wRow = (k * C + c) * kH * kW;
              for (let kh = 0; kh < kH; kh++, xRow += W, wRow += kW) {
                for (let kw = 0; kw < kW; kw++) sum += weights[wRow + kw] * xp[xRow + kw];
              }
            }
            y[yRow + ow] = sum;
          }
        }
      }
    }
    return addBias(y, bias, N2, K, oH * oW);
  };
  var conv2dForwardScatter = (g, x, weights, bias, N2) => conv2dForwardScatterInto(g, x, weights, bias, N2, floatsLike2(x, N2 * g.K * g.oH * g.oW));
  var conv2dForwardScatterInto = (g, x, weights, bias, N2, y) => {
    const { C, H, W, K, kH, kW, pad: p, oH, oW } = g;
    if (g.stride !== 1) throw new RangeError("conv2dForwardScatter: needs stride 1");
    const plane = oH * oW;
    const taps = kH * kW;
    const back = int322(taps);
    for (let t = 0; t < taps; t++) back[t] = Math.floor(t / kW) * oW + t % kW;
    const values = scratchFloat64(H * W, "values");
    const corners = scratchInt32(H * W, "positions");
    for (let n = 0; n < N2; n++) {
      for (let c = 0; c < C; c++) {
        let count = 0;
        for (let ih = 0; ih < H; ih++) {
          const xRow = ((n * C + c) * H + ih) * W;
          const rowInside = ih + p - (kH - 1) >= 0 && ih + p < oH;
          for (let iw = 0; iw < W; iw++) {
            const v = x[xRow + iw];
            if (v === 0) continue;
            if (rowInside && iw + p - (kW - 1) >= 0 && iw + p < oW) {
              values[count] = v;
              corners[count] = (ih + p) * oW + iw + p;
              count++;
              continue;
            }
            for (let k = 0; k < K; k++) {
              const yPlane = (n * K + k) * plane;
              const wPlane = (k * C + c) * taps;
              for (let kh = 0; kh < kH; kh++) {
                const oh = ih + p - kh;
                if (oh < 0 || oh >= oH) continue;
                for (let kw = 0; kw < kW; kw++) {
                  const ow = iw + p - kw;
                  if (ow >= 0 && ow < oW) y[yPlane + oh * oW + ow] += weights[wPlane + kh * kW + kw] * v;
                }
              }
            }
          }
        }
        for (let k = 0; k < K; k++) {
          const yPlane = (n * K + k) * plane;
          const wPlane = (k * C + c) * taps;
          for (let t = 0; t < taps; t++) {
            const w = weights[wPlane + t];
            const at2 = yPlane - back[t];
            for (let i = 0; i < count; i++) y[at2 + corners[i]] += w * values[i];
          }
        }
      }
    }
    return addBias(y, bias, N2, K, plane);
  };
  var conv2dBackwardInputPlanes = (g, dy, weights, N2) => {
    const { C, K, kH, kW, stride: s, pad, oH, oW } = g;
    const H = g.H + 2 * pad;
    const W = g.W + 2 * pad;
    const dxp = paddedZeros(g, dy, N2);
    for (let n = 0; n < N2; n++) {
      for (let k = 0; k < K; k++) {
        for (let c = 0; c < C; c++) {
          for (let kh = 0; kh < kH; kh++) {
            for (let kw = 0; kw < kW; kw++) {
              const wv = weights[((k * C + c) * kH + kh) * kW + kw];
              for (let oh = 0; oh < oH; oh++) {
                const dyRow = ((n * K + k) * oH + oh) * oW;
                const dxRow = ((n * C + c) * H + oh * s + kh) * W + kw;
                for (let ow = 0; ow < oW; ow++) dxp[dxRow + ow * s] += wv * dy[dyRow + ow];
              }
            }
          }
        }
      }
    }
    return cropPadding(g, dxp, N2);
  };
  var conv2dBackwardInputScatter = (g, dy, weights, N2) => {
    const { C, K, kH, kW, stride: s, pad, oH, oW } = g;
    const H = g.H + 2 * pad;
    const W = g.W + 2 * pad;
    const dxp = paddedZeros(g, dy, N2);
    for (let n = 0; n < N2; n++) {
      for (let k = 0; k < K; k++) {
        for (let oh = 0; oh < oH; oh++) {
          for (let ow = 0; ow < oW; ow++) {
            const d = dy[((n * K + k) * oH + oh) * oW + ow];
            if (d === 0) continue;
            for (let c = 0; c < C; c++) {
              let dxRow = ((n * C + c) * H + oh * s) * W + ow * s;
              let wRow = (k * C + c) * kH * kW;
              for (let kh = 0; kh < kH; kh++, dxRow += W, wRow += kW) {
                for (let kw = 0; kw < kW; kw++) dxp[dxRow + kw] += d * weights[wRow + kw];
              }
            }
          }
        }
      }
    }
    return cropPadding(g, dxp, N2);
  };
  var conv2dBackwardWeightsGather = (g, dy, x, N2) => {
    const { C, K, kH, kW, stride: s, oH, oW } = g;
    const H = g.H + 2 * g.pad;
    const W = g.W + 2 * g.pad;
    const xp = padInput(g, x, N2);
    const dWeights = floatsLike2(dy, K * C * kH * kW);
    for (let k = 0; k < K; k++) {
      for (let c = 0; c < C; c++) {
        for (let kh = 0; kh < kH; kh++) {
          const wRow = ((k * C + c) * kH + kh) * kW;
          let kw = 0;
          for (; kw + 3 <= kW; kw += 3) {
            let d0 = 0;
            let d1 = 0;
            let d2 = 0;
            for (let n = 0; n < N2; n++) {
              for (let oh = 0; oh < oH; oh++) {
                const dyRow = ((n * K + k) * oH + oh) * oW;
                let i = ((n * C + c) * H + oh * s + kh) * W + kw;
                for (let ow = 0; ow < oW; ow++, i += s) {
                  const d = dy[dyRow + ow];
                  d0 += d * xp[i];
                  d1 += d * xp[i + 1];
                  d2 += d * xp[i + 2];
                }
              }
            }
            dWeights[wRow + kw] = d0;
            dWeights[wRow + kw + 1] = d1;
            dWeights[wRow + kw + 2] = d2;
          }
          for (; kw < kW; kw++) {
            let d0 = 0;
            for (let n = 0; n < N2; n++) {
              for (let oh = 0; oh < oH; oh++) {
                const dyRow = ((n * K + k) * oH + oh) * oW;
                let i = ((n * C + c) * H + oh * s + kh) * W + kw;
                for (let ow = 0; ow < oW; ow++, i += s) d0 += dy[dyRow + ow] * xp[i];
              }
            }
            dWeights[wRow + kw] = d0;
          }
        }
      }
    }
    return dWeights;
  };
  var conv2dBackwardWeightsScatter = (g, dy, x, N2) => {
    const { C, K, kH, kW, stride: s, oH, oW } = g;
    const H = g.H + 2 * g.pad;
    const W = g.W + 2 * g.pad;
    const xp = padInput(g, x, N2);
    const dWeights = floatsLike2(dy, K * C * kH * kW);
    const values = scratchFloat64(N2 * oH * oW, "values");
    const corners = scratchInt32(N2 * oH * oW, "positions");
    for (let k = 0; k < K; k++) {
      let count = 0;
      for (let n = 0; n < N2; n++) {
        for (let oh = 0; oh < oH; oh++) {
          const dyRow = ((n * K + k) * oH + oh) * oW;
          for (let ow = 0; ow < oW; ow++) {
            const d = dy[dyRow + ow];
            if (d === 0) continue;
            values[count] = d;
            corners[count] = (n * C * H + oh * s) * W + ow * s;
            count++;
          }
        }
      }
      for (let c = 0; c < C; c++) {
        for (let kh = 0; kh < kH; kh++) {
          for (let kw = 0; kw < kW; kw++) {
            const offset = (c * H + kh) * W + kw;
            let sum = 0;
            for (let i = 0; i < count; i++) sum += values[i] * xp[corners[i] + offset];
            dWeights[((k * C + c) * kH + kh) * kW + kw] = sum;
          }
        }
      }
    }
    return dWeights;
  };

  // src/fast/gemm.ts
  var gemmNNInto = (A3, aAt, B3, bAt, M3, K, N2, { out, at: at2, add }) => {
    let i = 0;
    for (; i + 4 <= M3; i += 4) {
      const a0 = aAt + i * K;
      const a1 = a0 + K;
      const a2 = a1 + K;
      const a3 = a2 + K;
      let j = 0;
      for (; j + 4 <= N2; j += 4) {
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let p = 0, b = bAt + j; p < K; p++, b += N2) {
          const x0 = A3[a0 + p], x1 = A3[a1 + p], x2 = A3[a2 + p], x3 = A3[a3 + p];
          const y0 = B3[b], y1 = B3[b + 1], y2 = B3[b + 2], y3 = B3[b + 3];
          c00 += x0 * y0;
          c01 += x0 * y1;
          c02 += x0 * y2;
          c03 += x0 * y3;
          c10 += x1 * y0;
          c11 += x1 * y1;
          c12 += x1 * y2;
          c13 += x1 * y3;
          c20 += x2 * y0;
          c21 += x2 * y1;
          c22 += x2 * y2;
          c23 += x2 * y3;
          c30 += x3 * y0;
          c31 += x3 * y1;
          c32 += x3 * y2;
          c33 += x3 * y3;
        }
        store4x4(
          out,
          at2 + i * N2 + j,
          N2,
          add,
          c00,
          c01,
          c02,
          c03,
          c10,
          c11,
          c12,
          c13,
          c20,
          c21,
          c22,
          c23,
          c30,
          c31,
          c32,
          c33
        );
      }
      for (; j < N2; j++) {
        for (let r = 0; r < 4; r++) out[at2 + (i + r) * N2 + j] = dotNN(A3, aAt + (i + r) * K, B3, bAt + j, K, N2) + (add ? out[at2 + (i + r) * N2 + j] : 0);
      }
    }
    for (; i < M3; i++) {
      for (let j = 0; j < N2; j++) out[at2 + i * N2 + j] = dotNN(A3, aAt + i * K, B3, bAt + j, K, N2) + (add ? out[at2 + i * N2 + j] : 0);
    }
  };
  var gemmNTInto = (A3, aAt, B3, bAt, M3, K, N2, { out, at: at2, add }) => {
    let i = 0;
    for (; i + 4 <= M3; i += 4) {
      const a0 = aAt + i * K;
      const a1 = a0 + K;
      const a2 = a1 + K;
      const a3 = a2 + K;
      let j = 0;
      for (; j + 4 <= N2; j += 4) {
        const b0 = bAt + j * K;
        const b1 = b0 + K;
        const b2 = b1 + K;
        const b3 = b2 + K;
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let p = 0; p < K; p++) {
          const x0 = A3[a0 + p], x1 = A3[a1 + p], x2 = A3[a2 + p], x3 = A3[a3 + p];
          const y0 = B3[b0 + p], y1 = B3[b1 + p], y2 = B3[b2 + p], y3 = B3[b3 + p];
          c00 += x0 * y0;
          c01 += x0 * y1;
          c02 += x0 * y2;
          c03 += x0 * y3;
          c10 += x1 * y0;
          c11 += x1 * y1;
          c12 += x1 * y2;
          c13 += x1 * y3;
          c20 += x2 * y0;
          c21 += x2 * y1;
          c22 += x2 * y2;
          c23 += x2 * y3;
          c30 += x3 * y0;
          c31 += x3 * y1;
          c32 += x3 * y2;
          c33 += x3 * y3;
        }
        store4x4(
          out,
          at2 + i * N2 + j,
          N2,
          add,
          c00,
          c01,
          c02,
          c03,
          c10,
          c11,
          c12,
          c13,
          c20,
          c21,
          c22,
          c23,
          c30,
          c31,
          c32,
          c33
        );
      }
      for (; j < N2; j++) {
        for (let r = 0; r < 4; r++) out[at2 + (i + r) * N2 + j] = dotNT(A3, aAt + (i + r) * K, B3, bAt + j * K, K) + (add ? out[at2 + (i + r) * N2 + j] : 0);
      }
    }
    for (; i < M3; i++) {
      for (let j = 0; j < N2; j++) out[at2 + i * N2 + j] = dotNT(A3, aAt + i * K, B3, bAt + j * K, K) + (add ? out[at2 + i * N2 + j] : 0);
    }
  };
  var gemmTNInto = (A3, aAt, B3, bAt, M3, K, N2, { out, at: at2, add }) => {
    let i = 0;
    for (; i + 4 <= M3; i += 4) {
      let j = 0;
      for (; j + 4 <= N2; j += 4) {
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let p = 0, a = aAt + i, b = bAt + j; p < K; p++, a += M3, b += N2) {
          const x0 = A3[a], x1 = A3[a + 1], x2 = A3[a + 2], x3 = A3[a + 3];
          const y0 = B3[b], y1 = B3[b + 1], y2 = B3[b + 2], y3 = B3[b + 3];
          c00 += x0 * y0;
          c01 += x0 * y1;
          c02 += x0 * y2;
          c03 += x0 * y3;
          c10 += x1 * y0;
          c11 += x1 * y1;
          c12 += x1 * y2;
          c13 += x1 * y3;
          c20 += x2 * y0;
          c21 += x2 * y1;
          c22 += x2 * y2;
          c23 += x2 * y3;
          c30 += x3 * y0;
          c31 += x3 * y1;
          c32 += x3 * y2;
          c33 += x3 * y3;
        }
        store4x4(
          out,
          at2 + i * N2 + j,
          N2,
          add,
          c00,
          c01,
          c02,
          c03,
          c10,
          c11,
          c12,
          c13,
          c20,
          c21,
          c22,
          c23,
          c30,
          c31,
          c32,
          c33
        );
      }
      for (; j < N2; j++) {
        for (let r = 0; r < 4; r++) out[at2 + (i + r) * N2 + j] = dotTN(A3, aAt + i + r, M3, B3, bAt + j, N2, K) + (add ? out[at2 + (i + r) * N2 + j] : 0);
      }
    }
    for (; i < M3; i++) {
      for (let j = 0; j < N2; j++) out[at2 + i * N2 + j] = dotTN(A3, aAt + i, M3, B3, bAt + j, N2, K) + (add ? out[at2 + i * N2 + j] : 0);
    }
  };
  var dotNN = (A3, a, B3, b, K, N2) => {
    let sum = 0;
    for (let p = 0; p < K; p++, b += N2) sum += A3[a + p] * B3[b];
    return sum;
  };
  var dotNT = (A3, a, B3, b, K) => {
    let sum = 0;
    for (let p = 0; p < K; p++) sum += A3[a + p] * B3[b + p];
    return sum;
  };
  var dotTN = (A3, a, M3, B3, b, N2, K) => {
    let sum = 0;
    for (let p = 0; p < K; p++, a += M3, b += N2) sum += A3[a] * B3[b];
    return sum;
  };
  var store4x4 = (out, at2, N2, add, c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33) => {
    const r1 = at2 + N2;
    const r2 = r1 + N2;
    const r3 = r2 + N2;
    if (add) {
      out[at2] += c00;
      out[at2 + 1] += c01;
      out[at2 + 2] += c02;
      out[at2 + 3] += c03;
      out[r1] += c10;
      out[r1 + 1] += c11;
      out[r1 + 2] += c12;
      out[r1 + 3] += c13;
      out[r2] += c20;
      out[r2 + 1] += c21;
      out[r2 + 2] += c22;
      out[r2 + 3] += c23;
      out[r3] += c30;
      out[r3 + 1] += c31;
      out[r3 + 2] += c32;
      out[r3 + 3] += c33;
    } else {
      out[at2] = c00;
      out[at2 + 1] = c01;
      out[at2 + 2] = c02;
      out[at2 + 3] = c03;
      out[r1] = c10;
      out[r1 + 1] = c11;
      out[r1 + 2] = c12;
      out[r1 + 3] = c13;
      out[r2] = c20;
      out[r2 + 1] = c21;
      out[r2 + 2] = c22;
      out[r2 + 3] = c23;
      out[r3] = c30;
      out[r3 + 1] = c31;
      out[r3 + 2] = c32;
      out[r3 + 3] = c33;
    }
  };

  // src/fast/conv2dGemm.ts
  var im2col = (g, xp, n, cols) => {
    const { C, kH, kW, stride: s, oH, oW } = g;
    const pH = g.H + 2 * g.pad;
    const pW = g.W + 2 * g.pad;
    const P2 = oH * oW;
    for (let c = 0; c < C; c++) {
      for (let kh = 0; kh < kH; kh++) {
        for (let kw = 0; kw < kW; kw++) {
          const row = ((c * kH + kh) * kW + kw) * P2;
          for (let oh = 0; oh < oH; oh++) {
            const from = ((n * C + c) * pH + oh * s + kh) * pW + kw;
            const to = row + oh * oW;
            for (let ow = 0; ow < oW; ow++) cols[to + ow] = xp[from + ow * s];
          }
        }
      }
    }
  };
  var col2im = (g, dcols, n, dxp) => {
    const { C, kH, kW, stride: s, oH, oW } = g;
    const pH = g.H + 2 * g.pad;
    const pW = g.W + 2 * g.pad;
    const P2 = oH * oW;
    for (let c = 0; c < C; c++) {
      for (let kh = 0; kh < kH; kh++) {
        for (let kw = 0; kw < kW; kw++) {
          const row = ((c * kH + kh) * kW + kw) * P2;
          for (let oh = 0; oh < oH; oh++) {
            const to = ((n * C + c) * pH + oh * s + kh) * pW + kw;
            const from = row + oh * oW;
            for (let ow = 0; ow < oW; ow++) dxp[to + ow * s] += dcols[from + ow];
          }
        }
      }
    }
  };
  var conv2dForwardGemm = (g, x, weights, bias, N2, into) => {
    const { C, K, kH, kW, oH, oW } = g;
    const R = C * kH * kW;
    const P2 = oH * oW;
    const xp = padInput(g, x, N2);
    const y = into ?? floatsLike2(x, N2 * K * P2);
    const cols = scratchZeros(x, R * P2, "columns");
    for (let n = 0; n < N2; n++) {
      im2col(g, xp, n, cols);
      gemmNNInto(weights, 0, cols, 0, K, R, P2, { out: y, at: n * K * P2, add: false });
    }
    if (bias !== void 0) {
      for (let nk = 0; nk < N2 * K; nk++) {
        const b = bias[nk % K];
        for (let i = nk * P2; i < (nk + 1) * P2; i++) y[i] += b;
      }
    }
    return y;
  };
  var conv2dBackwardWeightsGemm = (g, dy, x, N2) => {
    const { C, K, kH, kW, oH, oW } = g;
    const R = C * kH * kW;
    const P2 = oH * oW;
    const xp = padInput(g, x, N2);
    const dWeights = floatsLike2(dy, K * R);
    const cols = scratchZeros(dy, R * P2, "columns");
    for (let n = 0; n < N2; n++) {
      im2col(g, xp, n, cols);
      gemmNTInto(dy, n * K * P2, cols, 0, K, P2, R, { out: dWeights, at: 0, add: n > 0 });
    }
    return dWeights;
  };
  var conv2dBackwardInputGemm = (g, dy, weights, N2) => {
    const { C, K, kH, kW, oH, oW } = g;
    const R = C * kH * kW;
    const P2 = oH * oW;
    const dxp = paddedZeros(g, dy, N2);
    const dcols = scratchZeros(dy, R * P2, "columns");
    for (let n = 0; n < N2; n++) {
      gemmTNInto(weights, 0, dy, n * K * P2, R, K, P2, { out: dcols, at: 0, add: false });
      col2im(g, dcols, n, dxp);
    }
    return cropPadding(g, dxp, N2);
  };

  // src/fast/conv2dFast.ts
  var isSparse = (values, fraction) => {
    const n = values.length;
    if (n <= 128) {
      let nonZero2 = 0;
      for (let i = 0; i < n; i++) if (values[i] !== 0) nonZero2++;
      return nonZero2 <= fraction * n;
    }
    let nonZero = 0;
    for (let k = 0, u = 0; k < 128; k++) {
      if (values[Math.floor(u * n)] !== 0) nonZero++;
      u += 0.6180339887498949;
      if (u >= 1) u -= 1;
    }
    return nonZero <= fraction * 128;
  };
  var manyFilters = (g) => g.K >= 4;
  var scatterBelow = (g, inputGradient = false) => manyFilters(g) && !inputGradient ? 1 / 4 : 1 / 3;
  var conv2dForwardFast = (g, x, weights, bias, N2) => g.stride === 1 && isSparse(x, scatterBelow(g)) ? conv2dForwardScatter(g, x, weights, bias, N2) : manyFilters(g) ? conv2dForwardGemm(g, x, weights, bias, N2) : conv2dForwardGather(g, x, weights, bias, N2);
  var conv2dBackwardInputFast = (g, dy, weights, N2) => isSparse(dy, scatterBelow(g, true)) ? conv2dBackwardInputScatter(g, dy, weights, N2) : manyFilters(g) ? conv2dBackwardInputGemm(g, dy, weights, N2) : conv2dBackwardInputPlanes(g, dy, weights, N2);
  var conv2dBackwardWeightsFast = (g, dy, x, N2) => isSparse(dy, scatterBelow(g)) ? conv2dBackwardWeightsScatter(g, dy, x, N2) : manyFilters(g) ? conv2dBackwardWeightsGemm(g, dy, x, N2) : conv2dBackwardWeightsGather(g, dy, x, N2);
  var conv2dBackwardBiasFast = (g, dy, N2) => {
    const { K, oH, oW } = g;
    const plane = oH * oW;
    const dBias = floatsLike2(dy, K);
    for (let n = 0; n < N2; n++) {
      for (let k = 0; k < K; k++) {
        const offset = (n * K + k) * plane;
        let sum = 0;
        for (let i = 0; i < plane; i++) sum += dy[offset + i];
        dBias[k] += sum;
      }
    }
    return dBias;
  };

  // src/fast/wasm.ts
  var leb128 = (n) => {
    if (!(Number.isInteger(n) && n >= 0 && n <= 4294967295)) throw new RangeError(`leb128: need an integer in [0, 2³²), got ${n}`);
    const out = [];
    let rest = n;
    do {
      const low = rest % 128;
      rest = Math.floor(rest / 128);
      out.push(rest > 0 ? low + 128 : low);
    } while (rest > 0);
    return out;
  };
  var vector = (items) => [...leb128(items.length), ...items.flat()];
  var name = (text) => vector([...new TextEncoder().encode(text)].map((b) => [b]));
  var section = (id, contents) => [id, ...leb128(contents.length), ...contents];
  var sleb128 = (n) => {
    if (!(Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31)) throw new RangeError(`sleb128: need a 32-bit integer, got ${n}`);
    const out = [];
    let rest = n;
    for (; ; ) {
      const low = (rest % 128 + 128) % 128;
      rest = Math.floor(rest / 128);
      const done = rest === 0 && low < 64 || rest === -1 && low >= 64;
      out.push(done ? low : low + 128);
      if (done) return out;
    }
  };
  var float64Bytes = (x) => {
    const bytes = new ArrayBufferRecycled(8);
    new DataView(bytes).setFloat64(0, x, true);
    return [...new Uint8ArrayRecycled(bytes)];
  };
  var float32Bytes = (x) => {
    const bytes = new ArrayBufferRecycled(4);
    new DataView(bytes).setFloat32(0, x, true);
    return [...new Uint8ArrayRecycled(bytes)];
  };
  var memarg = (align, offset) => [align, ...leb128(offset)];
  var I32 = 127;
  var F32 = 125;
  var F64 = 124;
  var V128 = 123;
  var op = {
    block: [2, 64],
    // a block (0x40: it leaves nothing on the stack); `br 1` from inside jumps past its end
    if: [4, 64],
    // condition → runs what follows, up to its `end`, when the condition ≠ 0
    loop: [3, 64],
    // a loop; `br 0` from inside jumps back to its start
    end: [11],
    br: (depth) => [12, ...leb128(depth)],
    brIf: (depth) => [13, ...leb128(depth)],
    select: [27],
    // a, b, condition → condition ≠ 0 ? a : b
    get: (local) => [32, ...leb128(local)],
    set: (local) => [33, ...leb128(local)],
    i32Load: (offset) => [40, ...memarg(2, offset)],
    f32Load: (offset) => [42, ...memarg(2, offset)],
    f64Load: (offset) => [43, ...memarg(3, offset)],
    i32Store: (offset) => [54, ...memarg(2, offset)],
    f32Store: (offset) => [56, ...memarg(2, offset)],
    f64Store: (offset) => [57, ...memarg(3, offset)],
    i32Const: (n) => [65, ...sleb128(n)],
    f32Const: (x) => [67, ...float32Bytes(x)],
    f64Const: (x) => [68, ...float64Bytes(x)],
    i32GtU: [75],
    i32GeU: [79],
    f32Gt: [94],
    f64Ne: [98],
    f64Gt: [100],
    i32Add: [106],
    i32Mul: [108],
    f32Add: [146],
    f32Mul: [148],
    f64Add: [160],
    f64Mul: [162],
    f32Demote: [182],
    // a double rounded to a float (to nearest, ties to even)
    f64Promote: [187],
    // a float widened to a double (exactly)
    memoryCopy: [252, 10, 0, 0]
    // destination, source, length in bytes → copies (bulk memory)
  };
  var simd = (code, ...immediates) => [253, ...leb128(code), ...immediates];
  var v128 = {
    /** Two floats (8 bytes) from memory at the address on the stack, into the low half. */
    load64Zero: simd(93, 3, 0),
    /** The same, at the address plus a constant offset (any multiple of 4 bytes). */
    load64ZeroAt: (offset) => simd(93).concat(memarg(2, offset)),
    /** The low half (8 bytes: two floats) to memory at the address below it on the stack. */
    store64Lane0: simd(91, 3, 0, 0),
    /** The two low floats, widened (exactly) to two doubles. */
    promoteLow: simd(95),
    /** Two doubles rounded to two floats (to nearest, ties to even), into the low half. */
    demoteZero: simd(94),
    splat: simd(20),
    // one double into both lanes
    lane: (i) => simd(33, i),
    // lane i (0 or 1) as a double
    ne: simd(72),
    // per lane: all ones where a ≠ b (and where either is NaN), else all zeros
    gt: simd(74),
    // per lane: all ones where a > b, else all zeros
    /** The low half (two floats) to memory at the address below it, plus a constant offset. */
    store64LaneAt: (offset) => simd(91).concat(memarg(3, offset), [0]),
    and: simd(78),
    // bitwise and of the 128 bits
    sqrt: simd(239),
    add: simd(240),
    sub: simd(241),
    mul: simd(242),
    div: simd(243)
  };
  var f32x4 = {
    /** 16 bytes (four floats) from memory at the address plus a constant offset (any multiple of 4). */
    load: (offset) => simd(0).concat(memarg(2, offset)),
    /** One float from memory, in all four lanes. */
    loadSplat: (offset) => simd(9).concat(memarg(2, offset)),
    /** The four floats to memory at the address below them on the stack, plus the offset. */
    store: (offset) => simd(11).concat(memarg(2, offset)),
    splat: simd(19),
    // one float into all four lanes
    zero: simd(12).concat(new Array(16).fill(0)),
    // v128.const: four zeros
    lane: (i) => simd(31, i),
    // lane i (0 to 3) as a float
    replaceLane: (i) => simd(32, i),
    // a vector and a float → the vector with lane i replaced
    gt: simd(68),
    // per lane: all ones where a > b (false where either is NaN), else all zeros
    add: simd(228),
    mul: simd(230)
  };
  var bits = {
    /** a, b, mask → a where the mask's bits are 1, b where they are 0. */
    select: simd(82),
    /** Sixteen bytes picked from a (0–15) and b (16–31). */
    shuffle: (lanes2) => simd(13).concat(lanes2),
    /** Four int32 constants. */
    int32s: (a, b, c, d) => {
      const bytes = new ArrayBufferRecycled(16);
      const view = new DataView(bytes);
      for (const [i, v] of [a, b, c, d].entries()) view.setInt32(4 * i, v, true);
      return simd(12).concat([...new Uint8ArrayRecycled(bytes)]);
    },
    int32Splat: simd(17),
    int32Add: simd(174)
  };
  var forLoop = (counter, limit, step, body2) => [
    ...op.i32Const(0),
    ...op.set(counter),
    ...op.block,
    ...op.loop,
    ...op.get(counter),
    ...limit,
    ...op.i32GeU,
    ...op.brIf(1),
    // counter ≥ limit (unsigned): out
    ...body2,
    ...op.get(counter),
    ...op.i32Const(step),
    ...op.i32Add,
    ...op.set(counter),
    ...op.br(0),
    ...op.end,
    ...op.end
  ];
  var forWhole = (counter, from, limit, size, body2) => [
    ...from,
    ...op.set(counter),
    ...op.block,
    ...op.loop,
    ...op.get(counter),
    ...op.i32Const(size),
    ...op.i32Add,
    ...limit,
    ...op.i32GtU,
    ...op.brIf(1),
    ...body2,
    ...op.get(counter),
    ...op.i32Const(size),
    ...op.i32Add,
    ...op.set(counter),
    ...op.br(0),
    ...op.end,
    ...op.end
  ];
  var moduleBytes = (m) => {
    const code = [...vector(m.locals.map(([count, type]) => [...leb128(count), type])), ...m.body, ...op.end];
    return new Uint8ArrayRecycled([
      ...[0, 97, 115, 109, 1, 0, 0, 0],
      // "\0asm", version 1
      ...section(1, vector([[96, ...vector(m.params.map((t) => [t])), ...vector([])]])),
      // one type: params → nothing
      ...section(3, vector([leb128(0)])),
      // one function, of type 0
      ...section(5, vector([[0, ...leb128(m.pages ?? 1)]])),
      // one memory of that many pages (at least), no maximum
      ...section(7, vector([[...name(m.exportName), 0, 0], [...name("memory"), 2, 0]])),
      // export both
      ...section(10, vector([[...leb128(code.length), ...code]]))
      // the function's body
    ]);
  };
  var api = () => globalThis.WebAssembly;
  var instantiate = (bytes) => {
    const wasm = api();
    if (wasm === void 0 || !wasm.validate(bytes)) return void 0;
    try {
      return new wasm.Instance(new wasm.Module(bytes)).exports;
    } catch {
      return void 0;
    }
  };

  // src/fast/denseSimd.ts
  var [A, B, OUT, FEATURES, OUTPUTS] = [0, 1, 2, 3, 4];
  var [F_, O_] = [5, 6];
  var [SUM, D] = [7, 8];
  var PAGE_FLOATS = 65536 / 4;
  var address = (base, index) => [...op.get(base), ...index, ...op.i32Const(4), ...op.i32Mul, ...op.i32Add];
  var rowMajor = (row, column) => [...op.get(row), ...op.get(FEATURES), ...op.i32Mul, ...op.get(column), ...op.i32Add];
  var splatFloat = (at2) => [...at2, ...op.f32Load(0), ...op.f64Promote, ...v128.splat];
  var pairAt = (at2) => [...at2, ...v128.load64ZeroAt(0), ...v128.promoteLow];
  var storePair = (at2, value) => [...at2, ...value, ...v128.demoteZero, ...v128.store64Lane0];
  var inputModule = moduleBytes({
    params: [I32, I32, I32, I32, I32],
    locals: [[2, I32], [2, V128]],
    body: forLoop(F_, op.get(FEATURES), 2, [
      ...op.f64Const(0),
      ...v128.splat,
      ...op.set(SUM),
      ...forLoop(O_, op.get(OUTPUTS), 1, [
        ...op.get(SUM),
        ...splatFloat(address(A, op.get(O_))),
        ...pairAt(address(B, rowMajor(O_, F_))),
        ...v128.mul,
        ...v128.add,
        ...op.set(SUM)
      ]),
      ...storePair(address(OUT, op.get(F_)), op.get(SUM))
    ]),
    exportName: "run"
  });
  var weightsModule = moduleBytes({
    params: [I32, I32, I32, I32, I32],
    locals: [[2, I32], [2, V128]],
    body: forLoop(O_, op.get(OUTPUTS), 1, [
      ...splatFloat(address(A, op.get(O_))),
      ...op.set(D),
      ...forLoop(F_, op.get(FEATURES), 2, [
        ...pairAt(address(B, op.get(F_))),
        ...op.set(SUM),
        //                      (x[f], x[f+1])
        ...storePair(address(OUT, rowMajor(O_, F_)), [
          ...op.get(D),
          ...op.get(SUM),
          ...v128.mul,
          //                                  dy[o]·x
          ...op.get(SUM),
          ...op.f64Const(0),
          ...v128.splat,
          ...v128.ne,
          ...v128.and
          // where x ≠ 0
        ])
      ])
    ]),
    exportName: "run"
  });
  var compiled = /* @__PURE__ */ new Map();
  var compiledOf = (bytes) => {
    if (!compiled.has(bytes)) {
      const exports = instantiate(bytes);
      compiled.set(bytes, exports && { run: exports.run, floats: new Float32ArrayRecycled(exports.memory.buffer) });
    }
    return compiled.get(bytes);
  };
  var runModule = (bytes, a, b, outLength, F, O) => {
    if (a.length + b.length + outLength + 2 > PAGE_FLOATS) return void 0;
    const m = compiledOf(bytes);
    if (m === void 0) return void 0;
    const [atB, atOut] = [a.length, a.length + b.length + 1];
    m.floats.set(a, 0);
    m.floats.set(b, atB);
    m.run(0, 4 * atB, 4 * atOut, F, O);
    const out = float322(outLength);
    out.set(m.floats.subarray(atOut, atOut + outLength));
    return out;
  };
  var denseBackwardInputSimd = (dy, weights, F, O) => runModule(inputModule, dy, weights, F, F, O);
  var denseBackwardWeightsSimd = (dy, x, F, O) => runModule(weightsModule, dy, x, O * F, F, O);

  // src/fast/denseBatchSimd.ts
  var PAGES = 96;
  var FLOATS = PAGES * 65536 / 4;
  var SIMD_DENSE_FROM = 16384;
  var at = (base, index) => [...op.get(base), ...index, ...op.i32Const(4), ...op.i32Mul, ...op.i32Add];
  var times2 = (a, b) => [...op.get(a), ...op.get(b), ...op.i32Mul];
  var [ROWS, F_2, O_2, X, WT, BIAS, Y] = [0, 1, 2, 3, 4, 5, 6];
  var [N_, O2, F2, XA, XB, WA] = [7, 8, 9, 10, 11, 12];
  var [X0, X1, W_] = [13, 14, 15];
  var dotSum = (r, j) => 16 + r * 4 + j;
  var dotModule = () => {
    const step = [
      [...op.get(XA), ...op.get(F2), ...op.i32Add, ...f32x4.load(0), ...op.set(X0)],
      [...op.get(XB), ...op.get(F2), ...op.i32Add, ...f32x4.load(0), ...op.set(X1)]
    ];
    for (let j = 0; j < 4; j++) {
      step.push([...op.get(WA), ...op.get(F2), ...op.i32Add, ...op.get(F_2), ...op.i32Const(4 * j), ...op.i32Mul, ...op.i32Add, ...f32x4.load(0), ...op.set(W_)]);
      for (const [r, x] of [[0, X0], [1, X1]]) step.push([...op.get(dotSum(r, j)), ...op.get(x), ...op.get(W_), ...f32x4.mul, ...f32x4.add, ...op.set(dotSum(r, j))]);
    }
    const finish3 = [];
    for (let r = 0; r < 2; r++) {
      for (let j = 0; j < 4; j++) {
        const s = dotSum(r, j);
        finish3.push([
          ...at(Y, [...op.get(N_), ...op.i32Const(r), ...op.i32Add, ...op.get(O_2), ...op.i32Mul, ...op.get(O2), ...op.i32Add]),
          ...at(BIAS, op.get(O2)),
          ...op.f32Load(4 * j),
          ...op.get(s),
          ...f32x4.lane(0),
          ...op.get(s),
          ...f32x4.lane(1),
          ...op.f32Add,
          ...op.get(s),
          ...f32x4.lane(2),
          ...op.get(s),
          ...f32x4.lane(3),
          ...op.f32Add,
          ...op.f32Add,
          ...op.f32Add,
          ...op.f32Store(4 * j)
        ]);
      }
    }
    const body2 = forLoop(N_, op.get(ROWS), 2, [
      ...at(X, times2(N_, F_2)),
      ...op.set(XA),
      ...op.get(XA),
      ...op.get(F_2),
      ...op.i32Const(4),
      ...op.i32Mul,
      ...op.i32Add,
      ...op.set(XB),
      ...forLoop(O2, op.get(O_2), 4, [
        ...at(WT, times2(O2, F_2)),
        ...op.set(WA),
        ...Array.from({ length: 8 }, (_, i) => [...f32x4.zero, ...op.set(16 + i)]).flat(),
        ...forLoop(F2, [...op.get(F_2), ...op.i32Const(4), ...op.i32Mul], 16, step.flat()),
        ...finish3.flat()
      ])
    ]);
    return moduleBytes({ params: [I32, I32, I32, I32, I32, I32, I32], locals: [[6, I32], [11, V128]], body: body2, exportName: "run", pages: PAGES });
  };
  var [M_, P_, FS, A2, AM, AP, B2, OUT2, ADD] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  var [M2, FV, PP, BROW] = [9, 10, 11, 12];
  var [SPLAT0, SPLAT1] = [13, 14];
  var bVector = (v) => 15 + v;
  var splatSum = (r, v) => 19 + r * 4 + v;
  var splatBlock = (rows, vectors) => {
    const step = [];
    for (let r = 0; r < rows; r++) {
      step.push([...at(A2, [...op.get(M2), ...op.i32Const(r), ...op.i32Add, ...op.get(AM), ...op.i32Mul, ...op.get(PP), ...op.get(AP), ...op.i32Mul, ...op.i32Add]), ...f32x4.loadSplat(0), ...op.set(r === 0 ? SPLAT0 : SPLAT1)]);
    }
    for (let v = 0; v < vectors; v++) step.push([...op.get(BROW), ...f32x4.load(16 * v), ...op.set(bVector(v))]);
    for (let r = 0; r < rows; r++) {
      for (let v = 0; v < vectors; v++) {
        step.push([...op.get(splatSum(r, v)), ...op.get(r === 0 ? SPLAT0 : SPLAT1), ...op.get(bVector(v)), ...f32x4.mul, ...f32x4.add, ...op.set(splatSum(r, v))]);
      }
    }
    const stores = [];
    for (let r = 0; r < rows; r++) {
      for (let v = 0; v < vectors; v++) {
        const address2 = [...at(OUT2, [...op.get(M2), ...op.i32Const(r), ...op.i32Add, ...op.get(FS), ...op.i32Mul, ...op.get(FV), ...op.i32Add])];
        stores.push([
          ...op.get(ADD),
          ...op.if,
          ...op.get(splatSum(r, v)),
          ...address2,
          ...f32x4.load(16 * v),
          ...f32x4.add,
          ...op.set(splatSum(r, v)),
          ...op.end,
          ...address2,
          ...op.get(splatSum(r, v)),
          ...f32x4.store(16 * v)
        ]);
      }
    }
    return [
      ...Array.from({ length: rows * 4 }, (_, i) => [...f32x4.zero, ...op.set(splatSum(Math.floor(i / 4), i % 4))]).flat(),
      ...at(B2, op.get(FV)),
      ...op.set(BROW),
      //                                       B's row p, at f
      ...forLoop(PP, op.get(P_), 1, [
        ...step.flat(),
        ...op.get(BROW),
        ...op.get(FS),
        ...op.i32Const(4),
        ...op.i32Mul,
        ...op.i32Add,
        ...op.set(BROW)
      ]),
      ...stores.flat()
    ];
  };
  var splatModule = () => {
    const rowsOf = (rows) => [
      ...forWhole(FV, op.i32Const(0), op.get(FS), 16, splatBlock(rows, 4)),
      ...forWhole(FV, op.get(FV), op.get(FS), 4, splatBlock(rows, 1))
    ];
    const body2 = [
      ...forWhole(M2, op.i32Const(0), op.get(M_), 2, rowsOf(2)),
      ...forWhole(M2, op.get(M2), op.get(M_), 1, rowsOf(1))
    ];
    return moduleBytes({ params: [I32, I32, I32, I32, I32, I32, I32, I32, I32], locals: [[4, I32], [14, V128]], body: body2, exportName: "run", pages: PAGES });
  };
  var modules;
  var compiled2 = () => {
    if (modules === void 0) {
      const [dot, splat] = [instantiate(dotModule()), instantiate(splatModule())];
      modules = dot && splat ? {
        dot: { run: dot.run, floats: new Float32ArrayRecycled(dot.memory.buffer) },
        splat: { run: splat.run, floats: new Float32ArrayRecycled(splat.memory.buffer) }
      } : null;
    }
    return modules ?? void 0;
  };
  var serves = (F, O, arrays) => O * F >= SIMD_DENSE_FROM && F % 4 === 0 && arrays.every((a) => a instanceof Float32ArrayRecycled);
  var roundUp = (n, to) => to * Math.ceil(n / to);
  var denseForwardBatchSimd = (x, weights, bias, N2, F, O, most = Infinity) => {
    if (!serves(F, O, [x, weights, bias])) return void 0;
    const OP = roundUp(O, 4);
    const rows = Math.min(roundUp(Math.min(N2, most), 2), 2 * Math.floor((FLOATS - OP * F - OP) / (2 * (F + OP))));
    const m = compiled2();
    if (m === void 0 || rows < 2) return void 0;
    const { floats, run: run2 } = m.dot;
    const [w, b, xAt] = [0, OP * F, OP * F + OP];
    const yAt = xAt + rows * F;
    floats.set(weights, w);
    floats.fill(0, w + O * F, w + OP * F);
    floats.set(bias, b);
    floats.fill(0, b + O, b + OP);
    const y = floatsLike2(x, N2 * O);
    for (let n = 0; n < N2; n += rows) {
      const count = Math.min(rows, N2 - n);
      floats.set(x.subarray(n * F, (n + count) * F), xAt);
      if (count % 2 === 1) floats.fill(0, xAt + count * F, xAt + (count + 1) * F);
      run2(roundUp(count, 2), F, OP, 4 * xAt, 4 * w, 4 * b, 4 * yAt);
      if (OP === O) y.set(floats.subarray(yAt, yAt + count * O), n * O);
      else for (let r = 0; r < count; r++) y.set(floats.subarray(yAt + r * OP, yAt + r * OP + O), (n + r) * O);
    }
    return y;
  };
  var denseBackwardInputBatchSimd = (dy, weights, N2, F, O, most = Infinity) => {
    if (!serves(F, O, [dy, weights])) return void 0;
    const rows = Math.min(N2, most, Math.floor((FLOATS - O * F) / (O + F)));
    const m = compiled2();
    if (m === void 0 || rows < 1) return void 0;
    const { floats, run: run2 } = m.splat;
    const [w, dyAt] = [0, O * F];
    const dxAt = roundUp(dyAt + rows * O, 4);
    floats.set(weights, w);
    const dx = floatsLike2(dy, N2 * F);
    for (let n = 0; n < N2; n += rows) {
      const count = Math.min(rows, N2 - n);
      floats.set(dy.subarray(n * O, (n + count) * O), dyAt);
      run2(count, O, F, 4 * dyAt, O, 1, 4 * w, 4 * dxAt, 0);
      dx.set(floats.subarray(dxAt, dxAt + count * F), n * F);
    }
    return dx;
  };
  var denseBackwardWeightsBatchSimd = (dy, x, N2, F, O, most = Infinity) => {
    if (!serves(F, O, [dy, x])) return void 0;
    const rows = Math.min(N2, most, Math.floor((FLOATS - O * F) / (O + F)));
    const m = compiled2();
    if (m === void 0 || rows < 1) return void 0;
    const { floats, run: run2 } = m.splat;
    const [dW, dyAt] = [0, O * F];
    const xAt = roundUp(dyAt + rows * O, 4);
    for (let n = 0; n < N2; n += rows) {
      const count = Math.min(rows, N2 - n);
      floats.set(dy.subarray(n * O, (n + count) * O), dyAt);
      floats.set(x.subarray(n * F, (n + count) * F), xAt);
      run2(O, count, F, 4 * dyAt, 1, O, 4 * xAt, 4 * dW, n === 0 ? 0 : 1);
    }
    const dWeights = floatsLike2(dy, O * F);
    dWeights.set(floats.subarray(dW, dW + O * F));
    return dWeights;
  };

  // src/fast/denseFast.ts
  var BLOCKED_FROM = 4;
  var denseForwardRows = (x, weights, bias, N2, F, O) => {
    const y = floatsLike2(x, N2 * O);
    const nonZero = int322(F);
    for (let n = 0; n < N2; n++) {
      const xRow = n * F;
      let count = 0;
      for (let f = 0; f < F; f++) if (x[xRow + f] !== 0) nonZero[count++] = f;
      for (let o = 0; o < O; o++) {
        const wRow = o * F;
        let even = 0;
        let odd = 0;
        let i = 0;
        for (; i + 1 < count; i += 2) {
          even += weights[wRow + nonZero[i]] * x[xRow + nonZero[i]];
          odd += weights[wRow + nonZero[i + 1]] * x[xRow + nonZero[i + 1]];
        }
        if (i < count) even += weights[wRow + nonZero[i]] * x[xRow + nonZero[i]];
        y[n * O + o] = bias[o] + even + odd;
      }
    }
    return y;
  };
  var denseBackwardInputRows = (dy, weights, N2, F, O) => {
    const dx = floatsLike2(dy, N2 * F);
    for (let n = 0; n < N2; n++) {
      for (let f = 0; f < F; f++) {
        let sum = 0;
        for (let o = 0; o < O; o++) sum += dy[n * O + o] * weights[o * F + f];
        dx[n * F + f] = sum;
      }
    }
    return dx;
  };
  var denseBackwardWeightsRows = (dy, x, N2, F, O) => {
    const dWeights = floatsLike2(dy, O * F);
    if (N2 === 1) {
      for (let f = 0; f < F; f++) {
        const v = x[f];
        if (v === 0) continue;
        for (let o = 0; o < O; o++) dWeights[o * F + f] = dy[o] * v;
      }
      return dWeights;
    }
    for (let o = 0; o < O; o++) {
      const wRow = o * F;
      const d0 = dy[o];
      for (let f = 0; f < F; f++) dWeights[wRow + f] = d0 * x[f];
      for (let n = 1; n < N2; n++) {
        const d = dy[n * O + o];
        const xRow = n * F;
        for (let f = 0; f < F; f++) dWeights[wRow + f] += d * x[xRow + f];
      }
    }
    return dWeights;
  };
  var denseForwardFast = (x, weights, bias, N2, F, O) => {
    if (N2 < BLOCKED_FROM) return denseForwardRows(x, weights, bias, N2, F, O);
    const simd2 = denseForwardBatchSimd(x, weights, bias, N2, F, O);
    if (simd2 !== void 0) return simd2;
    const y = floatsLike2(x, N2 * O);
    for (let n = 0; n < N2; n++) y.set(bias, n * O);
    gemmNTInto(x, 0, weights, 0, N2, F, O, { out: y, at: 0, add: true });
    return y;
  };
  var denseBackwardInputFast = (dy, weights, N2, F, O) => {
    if (N2 === 1 && dy instanceof Float32ArrayRecycled && weights instanceof Float32ArrayRecycled) {
      const dx2 = denseBackwardInputSimd(dy, weights, F, O);
      if (dx2 !== void 0) return dx2;
    }
    if (N2 < BLOCKED_FROM) return denseBackwardInputRows(dy, weights, N2, F, O);
    const simd2 = denseBackwardInputBatchSimd(dy, weights, N2, F, O);
    if (simd2 !== void 0) return simd2;
    const dx = floatsLike2(dy, N2 * F);
    gemmNNInto(dy, 0, weights, 0, N2, O, F, { out: dx, at: 0, add: false });
    return dx;
  };
  var denseBackwardWeightsFast = (dy, x, N2, F, O) => {
    if (N2 === 1 && dy instanceof Float32ArrayRecycled && x instanceof Float32ArrayRecycled) {
      const dWeights2 = denseBackwardWeightsSimd(dy, x, F, O);
      if (dWeights2 !== void 0) return dWeights2;
    }
    if (N2 < BLOCKED_FROM) return denseBackwardWeightsRows(dy, x, N2, F, O);
    const simd2 = denseBackwardWeightsBatchSimd(dy, x, N2, F, O);
    if (simd2 !== void 0) return simd2;
    const dWeights = floatsLike2(dy, O * F);
    gemmTNInto(dy, 0, x, 0, O, N2, F, { out: dWeights, at: 0, add: false });
    return dWeights;
  };
  var denseBackwardBiasFast = (dy, N2, O) => {
    const dBias = floatsLike2(dy, O);
    for (let n = 0; n < N2; n++) {
      for (let o = 0; o < O; o++) dBias[o] += dy[n * O + o];
    }
    return dBias;
  };

  // src/optim/optimizer.ts
  var rateAt = (lr, step) => typeof lr === "number" ? lr : lr(step);
  var showRate = (lr) => typeof lr === "number" ? `${lr}` : "scheduled";

  // src/fast/adamSimd.ts
  var [P, G, M, V, P_OUT, M_OUT, V_OUT, BYTES] = [0, 1, 2, 3, 4, 5, 6, 7];
  var [BETA1, KEEP1, BETA2, KEEP2, STEP_SIZE, INV_SQRT_C2, EPS, SHRINK] = [8, 9, 10, 11, 12, 13, 14, 15];
  var AT = 16;
  var [GRAD, MOMENT, VARIANCE] = [17, 18, 19];
  var lanes = (constant) => constant + 12;
  var load = (base) => [...op.get(base), ...op.get(AT), ...op.i32Add, ...v128.load64Zero, ...v128.promoteLow];
  var store = (base, value) => [...op.get(base), ...op.get(AT), ...op.i32Add, ...value, ...v128.demoteZero, ...v128.store64Lane0];
  var both = (constant) => op.get(lanes(constant));
  var body = [
    ...[BETA1, KEEP1, BETA2, KEEP2, STEP_SIZE, INV_SQRT_C2, EPS, SHRINK].flatMap((k) => [...op.get(k), ...v128.splat, ...op.set(lanes(k))]),
    ...op.block,
    ...op.loop,
    ...op.get(AT),
    ...op.get(BYTES),
    ...op.i32GeU,
    ...op.brIf(1),
    //                    at ≥ bytes: done
    ...load(G),
    ...op.set(GRAD),
    //                                                        g
    ...both(BETA1),
    ...load(M),
    ...v128.mul,
    ...both(KEEP1),
    ...op.get(GRAD),
    ...v128.mul,
    ...v128.add,
    ...op.set(MOMENT),
    // β₁·m + (1−β₁)·g
    ...both(BETA2),
    ...load(V),
    ...v128.mul,
    //                                            β₂·v
    ...both(KEEP2),
    ...op.get(GRAD),
    ...v128.mul,
    ...op.get(GRAD),
    ...v128.mul,
    //          ((1−β₂)·g)·g
    ...v128.add,
    ...op.set(VARIANCE),
    ...store(M_OUT, op.get(MOMENT)),
    ...store(V_OUT, op.get(VARIANCE)),
    ...store(P_OUT, [
      ...both(SHRINK),
      ...load(P),
      ...v128.mul,
      //                                         (1−ηλ)·θ
      ...both(STEP_SIZE),
      ...op.get(MOMENT),
      ...v128.mul,
      //                                 (η/c₁)·m'
      ...op.get(VARIANCE),
      ...v128.sqrt,
      ...both(INV_SQRT_C2),
      ...v128.mul,
      ...both(EPS),
      ...v128.add,
      // √v'·(1/√c₂) + ε
      ...v128.div,
      ...v128.sub
    ]),
    ...op.get(AT),
    ...op.i32Const(8),
    ...op.i32Add,
    ...op.set(AT),
    //                      the next pair
    ...op.br(0),
    ...op.end,
    ...op.end
  ];
  var ADAM_MODULE = moduleBytes({
    params: [I32, I32, I32, I32, I32, I32, I32, I32, F64, F64, F64, F64, F64, F64, F64, F64],
    locals: [[1, I32], [3 + 8, V128]],
    body,
    exportName: "adam"
  });
  var CHUNK = 2340;
  var compiled3 = null;
  var compile = () => {
    const exports = instantiate(ADAM_MODULE);
    return exports && { adam: exports.adam, heap: new Float32ArrayRecycled(exports.memory.buffer) };
  };
  var foldedConstants = (s) => ({
    beta1: s.beta1,
    keep1: 1 - s.beta1,
    beta2: s.beta2,
    keep2: 1 - s.beta2,
    stepSize: s.lr / (1 - s.beta1 ** s.t),
    //         η / c₁
    invSqrtC2: 1 / Math.sqrt(1 - s.beta2 ** s.t),
    // 1 / √c₂
    eps: s.eps,
    shrink: 1 - s.lr * s.weightDecay
    //                 1 − ηλ
  });
  var adamUpdateSimd = (p, g, m, v, s) => {
    if (compiled3 === null) compiled3 = compile();
    if (compiled3 === void 0) return void 0;
    const { adam, heap } = compiled3;
    const n = p.length;
    const { beta1, keep1, beta2, keep2, stepSize, invSqrtC2, eps, shrink } = foldedConstants(s);
    const out = [float322(n), float322(n), float322(n)];
    const b = 4 * CHUNK;
    for (let from = 0; from < n; from += CHUNK) {
      const count = Math.min(CHUNK, n - from);
      const piece = (a) => count === n ? a : a.subarray(from, from + count);
      heap.set(piece(p), 0);
      heap.set(piece(g), CHUNK);
      heap.set(piece(m), 2 * CHUNK);
      heap.set(piece(v), 3 * CHUNK);
      adam(0, b, 2 * b, 3 * b, 4 * b, 5 * b, 6 * b, 4 * (count + count % 2), beta1, keep1, beta2, keep2, stepSize, invSqrtC2, eps, shrink);
      for (let k = 0; k < 3; k++) out[k].set(heap.subarray((4 + k) * CHUNK, (4 + k) * CHUNK + count), from);
    }
    return out;
  };

  // src/fast/adam.ts
  var updateLoop = (p, g, m, v, s) => {
    const n = p.length;
    const { beta1, keep1, beta2, keep2, stepSize, invSqrtC2, eps, shrink } = foldedConstants(s);
    const fresh = p instanceof Float64ArrayRecycled ? float642 : float322;
    const newP = fresh(n);
    const newM = fresh(n);
    const newV = fresh(n);
    for (let i = 0; i < n; i++) {
      const gi = g[i];
      const mi = beta1 * m[i] + keep1 * gi;
      const vi = beta2 * v[i] + keep2 * gi * gi;
      newM[i] = mi;
      newV[i] = vi;
      newP[i] = shrink * p[i] - stepSize * mi / (Math.sqrt(vi) * invSqrtC2 + eps);
    }
    return [newP, newM, newV];
  };
  var update = (p, g, m, v, s) => {
    const simd2 = p instanceof Float32ArrayRecycled && g instanceof Float32ArrayRecycled && m instanceof Float32ArrayRecycled && v instanceof Float32ArrayRecycled ? adamUpdateSimd(p, g, m, v, s) : void 0;
    return simd2 ?? updateLoop(p, g, m, v, s);
  };
  var adamFast = (options = {}) => {
    const { lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0 } = options;
    return {
      name: `adam(lr=${showRate(lr)}, beta1=${beta1}, beta2=${beta2}, eps=${eps}${weightDecay ? `, weightDecay=${weightDecay}` : ""})`,
      init: (params) => ({
        step: 0,
        m: params.map((record2) => Object.fromEntries(Object.entries(record2).map(([name2, t]) => [name2, zerosLike(t)]))),
        v: params.map((record2) => Object.fromEntries(Object.entries(record2).map(([name2, t]) => [name2, zerosLike(t)])))
      }),
      step: (params, grads, state) => {
        const s = { t: state.step + 1, lr: rateAt(lr, state.step), beta1, beta2, eps, weightDecay };
        const newParams = [];
        const newM = [];
        const newV = [];
        for (let layer = 0; layer < params.length; layer++) {
          const [p, g, m, v] = [params[layer], grads[layer], state.m[layer], state.v[layer]];
          const [np, nm, nv] = [{}, {}, {}];
          for (const name2 in p) {
            const shape = p[name2].shape;
            const [a, b, c] = update(p[name2].data, g[name2].data, m[name2].data, v[name2].data, s);
            np[name2] = tensor(shape, a);
            nm[name2] = tensor(shape, b);
            nv[name2] = tensor(shape, c);
          }
          newParams.push(np);
          newM.push(nm);
          newV.push(nv);
        }
        return [newParams, { step: s.t, m: newM, v: newV }];
      }
    };
  };

  // src/fast/kernels.ts
  var fastKernels = {
    conv2d: {
      forward: conv2dForwardFast,
      backward: (g, dy, x, weights, N2) => [conv2dBackwardInputFast(g, dy, weights, N2), conv2dBackwardWeightsFast(g, dy, x, N2)],
      backwardBias: conv2dBackwardBiasFast
    },
    dense: {
      forward: denseForwardFast,
      backward: (dy, x, weights, N2, F, O) => [denseBackwardInputFast(dy, weights, N2, F, O), denseBackwardWeightsFast(dy, x, N2, F, O), denseBackwardBiasFast(dy, N2, O)]
    },
    maxPool: maxPoolKernelsFast,
    activations: activationKernelsFast,
    // Dropout and batch norm (chapter 11) compute with their own plain loops: they are cheap
    // beside the convolutions around them.
    moreLayers: beyondLayers
  };

  // src/fast/compiled.ts
  var MOST_WRITTEN_OUT = 400;
  var cache = /* @__PURE__ */ new Map();
  var pooledSource = (p) => {
    const { C, H, W, K, kH, kW, stride, pad, oW } = p.g;
    const taps = C * kH * kW;
    const tap3 = (t) => ({ c: Math.floor(t / (kH * kW)), kh: Math.floor(t % (kH * kW) / kW), kw: t % kW });
    const offset = (t) => tap3(t).c * H * W + tap3(t).kh * W + tap3(t).kw;
    const lines = [];
    lines.push(`for (let n = 0; n < N; n++) {`);
    lines.push(`  const sample = n * ${C * H * W}`);
    lines.push(`  for (let k = 0; k < ${K}; k++) {`);
    lines.push(`    const b = bias === undefined ? 0 : bias[k]`);
    for (let t = 0; t < taps; t++) lines.push(`    const w${t} = weights[k * ${taps} + ${t}]`);
    lines.push(`    for (let ph = 0; ph < ${p.pH}; ph++) {`);
    lines.push(`      for (let pw = 0; pw < ${p.pW}; pw++) {`);
    lines.push(`        if (inside[ph * ${p.pW} + pw] === 0) continue`);
    lines.push(`        let best = -1, bestZ = 0, z = 0`);
    for (let i = 0; i < p.poolSize; i++) {
      for (let j = 0; j < p.poolSize; j++) {
        lines.push(`        {`);
        lines.push(`          const oh = ph * ${p.poolStride} + ${i}, ow = pw * ${p.poolStride} + ${j}`);
        lines.push(`          const at = sample + (oh * ${stride} - ${pad}) * ${W} + ow * ${stride} - ${pad}`);
        const sum = ["b", ...Array.from({ length: taps }, (_, t) => `w${t} * x[at + ${offset(t)}]`)].join(" + ");
        lines.push(`          z = ${p.float32 ? `Math.fround(${sum})` : sum}`);
        lines.push(`          if (best < 0 || z > bestZ) { best = oh * ${oW} + ow; bestZ = z }`);
        lines.push(`        }`);
      }
    }
    lines.push(`        const out = ((n * ${K} + k) * ${p.pH} + ph) * ${p.pW} + pw`);
    lines.push(`        winners[out] = best`);
    lines.push(`        zs[out] = bestZ`);
    lines.push(`        y[out] = bestZ > 0 ? bestZ : ${p.slope} * bestZ`);
    lines.push(`      }`);
    lines.push(`    }`);
    lines.push(`  }`);
    lines.push(`}`);
    return lines.join("\n");
  };
  var weightsSource = (p) => {
    const { C, H, W, K, kH, kW } = p.g;
    const taps = C * kH * kW;
    const offset = (t) => Math.floor(t / (kH * kW)) * H * W + Math.floor(t % (kH * kW) / kW) * W + t % kW;
    const plane = p.pH * p.pW;
    const lines = [];
    lines.push(`for (let k = 0; k < ${K}; k++) {`);
    lines.push(`  let sb = 0, ${Array.from({ length: taps }, (_, t) => `s${t} = 0`).join(", ")}`);
    lines.push(`  for (let n = 0; n < N; n++) {`);
    lines.push(`    for (let q = 0; q < ${plane}; q++) {`);
    lines.push(`      const at = (n * ${K} + k) * ${plane} + q`);
    lines.push(`      const d = z[at] > 0 ? dy[at] : ${p.slope} * dy[at]`);
    lines.push(`      const position = winners[at]`);
    lines.push(`      if (d === 0 || inside[position] === 0) continue`);
    lines.push(`      sb += d`);
    lines.push(`      const base = n * ${C * H * W} + corners[position]`);
    for (let t = 0; t < taps; t++) lines.push(`      s${t} += d * x[base + ${offset(t)}]`);
    lines.push(`    }`);
    lines.push(`  }`);
    for (let t = 0; t < taps; t++) lines.push(`  sums[k * ${taps} + ${t}] = s${t}`);
    lines.push(`  sums[${K * taps} + k] = sb`);
    lines.push(`}`);
    return lines.join("\n");
  };
  var weightsCache = /* @__PURE__ */ new Map();
  var weightsKernel = (p) => {
    const { C, K, kH, kW } = p.g;
    if (C * kH * kW > MOST_WRITTEN_OUT / 4 || K > 8 || !Number.isFinite(p.slope)) return void 0;
    const key = JSON.stringify(p);
    let kernel = weightsCache.get(key);
    if (kernel === void 0) {
      kernel = new Function("x", "dy", "z", "winners", "inside", "corners", "N", "sums", weightsSource(p));
      weightsCache.set(key, kernel);
    }
    return kernel;
  };
  var pooledKernel = (p) => {
    const { C, kH, kW } = p.g;
    if (C * kH * kW * p.poolSize * p.poolSize > MOST_WRITTEN_OUT || !Number.isFinite(p.slope)) return void 0;
    const key = JSON.stringify(p);
    let kernel = cache.get(key);
    if (kernel === void 0) {
      kernel = new Function("x", "weights", "bias", "N", "inside", "y", "winners", "zs", pooledSource(p));
      cache.set(key, kernel);
    }
    return kernel;
  };

  // src/fast/convPoolSimd.ts
  var PAGE = 65536;
  var layoutOf = (p) => {
    const { C, H, W, K, kH, kW } = p.g;
    const [perSample, outputs] = [C * H * W, K * p.pH * p.pW];
    const fixed = 4 * (K * C * kH * kW + K);
    const bytesPerSample = 4 * (perSample + 3 * outputs);
    const pages = Math.min(16, Math.ceil((fixed + 16 * bytesPerSample) / PAGE));
    const samples = Math.min(16, Math.floor((pages * PAGE - fixed) / bytesPerSample));
    if (samples < 1) return void 0;
    const x = 0;
    const weights = x + 4 * samples * perSample;
    const bias = weights + 4 * K * C * kH * kW;
    const y = bias + 4 * K;
    const winners = y + 4 * samples * outputs;
    return { samples, pages, x, weights, bias, y, winners, zs: winners + 4 * samples * outputs };
  };
  var N = 0;
  var [SAMPLE, FILTER, PH, PW, OUT3, WINDOW, ROW, POSITION, BEST, BETTER] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  var [BEST_Z, Z] = [11, 12];
  var [PAIR, BIAS2] = [13, 14];
  var WEIGHT = 15;
  var pooledModule = (p, at2) => {
    const { C, H, W, K, kH, kW, pad, oW } = p.g;
    const taps = C * kH * kW;
    const offset = (t) => Math.floor(t / (kH * kW)) * H * W + Math.floor(t % (kH * kW) / kW) * W + t % kW;
    const [P2, Ps] = [p.poolSize, p.poolStride];
    const window = [];
    for (let i = 0; i < P2; i++) {
      for (let j = 0; j < P2; j += 2) {
        window.push(op.get(BIAS2));
        for (let t = 0; t < taps; t++) {
          window.push([...op.get(WINDOW), ...v128.load64ZeroAt(at2.x + 4 * (i * W + j + offset(t))), ...v128.promoteLow, ...op.get(WEIGHT + t), ...v128.mul, ...v128.add]);
        }
        window.push([...v128.demoteZero, ...v128.promoteLow, ...op.set(PAIR)]);
        for (const lane of [0, 1]) {
          const position = i * oW + j + lane;
          window.push([...op.get(PAIR), ...v128.lane(lane), ...op.set(Z)]);
          if (i === 0 && j + lane === 0) {
            window.push([...op.get(Z), ...op.set(BEST_Z), ...op.i32Const(0), ...op.set(BEST)]);
          } else {
            window.push([
              ...op.get(Z),
              ...op.get(BEST_Z),
              ...op.f64Gt,
              ...op.set(BETTER),
              //       z > best so far?
              ...op.get(Z),
              ...op.get(BEST_Z),
              ...op.get(BETTER),
              ...op.select,
              ...op.set(BEST_Z),
              ...op.i32Const(position),
              ...op.get(BEST),
              ...op.get(BETTER),
              ...op.select,
              ...op.set(BEST)
            ]);
          }
        }
      }
    }
    const perSample = 4 * C * H * W;
    const body2 = [
      ...forLoop(SAMPLE, op.get(N), 1, forLoop(FILTER, op.i32Const(K), 1, [
        // This filter's taps and bias, each in both lanes.
        ...Array.from({ length: taps }, (_, t) => [
          ...op.get(FILTER),
          ...op.i32Const(4 * taps),
          ...op.i32Mul,
          ...op.f32Load(at2.weights + 4 * t),
          ...op.f64Promote,
          ...v128.splat,
          ...op.set(WEIGHT + t)
        ]).flat(),
        ...op.get(FILTER),
        ...op.i32Const(4),
        ...op.i32Mul,
        ...op.f32Load(at2.bias),
        ...op.f64Promote,
        ...v128.splat,
        ...op.set(BIAS2),
        ...forLoop(PH, op.i32Const(p.pH), 1, [
          // The address of the first patch of this row of windows (padding shifts it up and left).
          ...op.get(SAMPLE),
          ...op.i32Const(perSample),
          ...op.i32Mul,
          ...op.get(PH),
          ...op.i32Const(4 * Ps * W),
          ...op.i32Mul,
          ...op.i32Add,
          ...op.i32Const(-4 * (pad * W + pad)),
          ...op.i32Add,
          ...op.set(ROW),
          ...forLoop(PW, op.i32Const(p.pW), 1, [
            ...op.get(ROW),
            ...op.get(PW),
            ...op.i32Const(4 * Ps),
            ...op.i32Mul,
            ...op.i32Add,
            ...op.set(WINDOW),
            ...op.get(PH),
            ...op.i32Const(Ps * oW),
            ...op.i32Mul,
            ...op.get(PW),
            ...op.i32Const(Ps),
            ...op.i32Mul,
            ...op.i32Add,
            ...op.set(POSITION),
            ...window.flat(),
            // winners[out], zs[out], y[out] = the activation of the winner's z.
            ...op.get(OUT3),
            ...op.get(POSITION),
            ...op.get(BEST),
            ...op.i32Add,
            ...op.i32Store(at2.winners),
            ...op.get(OUT3),
            ...op.get(BEST_Z),
            ...op.f32Demote,
            ...op.f32Store(at2.zs),
            ...op.get(OUT3),
            ...op.get(BEST_Z),
            ...op.f64Const(p.slope),
            ...op.get(BEST_Z),
            ...op.f64Mul,
            ...op.get(BEST_Z),
            ...op.f64Const(0),
            ...op.f64Gt,
            ...op.select,
            ...op.f32Demote,
            ...op.f32Store(at2.y),
            ...op.get(OUT3),
            ...op.i32Const(4),
            ...op.i32Add,
            ...op.set(OUT3)
          ])
        ])
      ]))
    ];
    return moduleBytes({
      params: [I32],
      locals: [[10, I32], [2, F64], [2 + taps, V128]],
      body: body2,
      exportName: "forward",
      pages: at2.pages
    });
  };
  var cache2 = /* @__PURE__ */ new Map();
  var pooledKernelSimd = (p, allInside) => {
    const { C, H, W, K, kH, kW, stride } = p.g;
    const taps = C * kH * kW;
    if (!p.float32 || !allInside || stride !== 1 || p.poolSize % 2 !== 0 || taps * p.poolSize * p.poolSize > MOST_WRITTEN_OUT) return void 0;
    const key = JSON.stringify(p);
    if (cache2.has(key)) return cache2.get(key);
    const at2 = layoutOf(p);
    const exports = at2 && instantiate(pooledModule(p, at2));
    const kernel = at2 && exports && (() => {
      const forward2 = exports.forward;
      const buffer = exports.memory.buffer;
      const floats = new Float32ArrayRecycled(buffer);
      const ints = new Int32ArrayRecycled(buffer);
      const [perSample, outputs] = [C * H * W, K * p.pH * p.pW];
      return (x, weights, bias, count, _inside, y, winners, zs) => {
        floats.set(weights, at2.weights / 4);
        if (bias === void 0) floats.fill(0, at2.bias / 4, at2.bias / 4 + K);
        else floats.set(bias, at2.bias / 4);
        for (let n = 0; n < count; n += at2.samples) {
          const m = Math.min(at2.samples, count - n);
          floats.set(x.subarray(n * perSample, (n + m) * perSample), at2.x / 4);
          forward2(m);
          y.set(floats.subarray(at2.y / 4, at2.y / 4 + m * outputs), n * outputs);
          winners.set(ints.subarray(at2.winners / 4, at2.winners / 4 + m * outputs), n * outputs);
          zs.set(floats.subarray(at2.zs / 4, at2.zs / 4 + m * outputs), n * outputs);
        }
      };
    })();
    cache2.set(key, kernel);
    return kernel;
  };

  // src/fast/convSimd.ts
  var PAGE2 = 65536;
  var MOST_PAGES = 48;
  var MOST_SAMPLES = 16;
  var framing = (p) => {
    const { H, W, kH, kW, pad } = p.g;
    const rows = (p.pH - 1) * p.poolStride + p.poolSize;
    const columns = (p.pW - 1) * p.poolStride + p.poolSize;
    const vectors = Math.ceil(columns / 4);
    const mapW = 4 * vectors;
    const frameH = Math.max(H + 2 * pad, rows + kH - 1);
    const frameW = Math.max(W + 2 * pad, mapW + kW - 1);
    return { rows, columns, vectors, mapW, frameH, frameW };
  };
  var fit = (fixed, perSample) => {
    const samples = Math.min(MOST_SAMPLES, Math.floor((MOST_PAGES * PAGE2 - fixed) / perSample));
    return samples < 1 ? void 0 : { samples, pages: Math.ceil((fixed + samples * perSample) / PAGE2) };
  };
  var copyPlanes = (planes, H, W, from, to, locals) => {
    const [PLANE_2, ROW_2, FROM_, TO_] = locals;
    const copyRow = [];
    for (let i = 0; i + 4 <= W; i += 4) copyRow.push([...op.get(TO_), ...op.get(FROM_), ...f32x4.load(from.at + 4 * i), ...f32x4.store(to.at + 4 * i)]);
    for (let i = W - W % 4; i < W; i++) copyRow.push([...op.get(TO_), ...op.get(FROM_), ...op.f32Load(from.at + 4 * i), ...op.f32Store(to.at + 4 * i)]);
    return forLoop(PLANE_2, planes, 1, forLoop(ROW_2, op.i32Const(H), 1, [
      ...op.get(PLANE_2),
      ...op.i32Const(from.plane),
      ...op.i32Mul,
      ...op.get(ROW_2),
      ...op.i32Const(from.row),
      ...op.i32Mul,
      ...op.i32Add,
      ...op.set(FROM_),
      ...op.get(PLANE_2),
      ...op.i32Const(to.plane),
      ...op.i32Mul,
      ...op.get(ROW_2),
      ...op.i32Const(to.row),
      ...op.i32Mul,
      ...op.i32Add,
      ...op.set(TO_),
      ...copyRow.flat()
    ]));
  };
  var FILTER_BLOCK = 2;
  var VECTOR_BLOCK = 3;
  var filterBlock = (K) => K % FILTER_BLOCK === 0 ? FILTER_BLOCK : 1;
  var groupsOf = (vectors, most) => {
    const count = Math.ceil(vectors / most);
    const groups = [];
    for (let i = 0, first = 0; i < count; i++) {
      const size = Math.floor(vectors / count) + (i < vectors % count ? 1 : 0);
      groups.push([first, size]);
      first += size;
    }
    return groups;
  };
  var forwardLayout = (p) => {
    const { C, K, H, W, kH, kW } = p.g;
    const f = framing(p);
    const fixed = 4 * (K * C * kH * kW + K + C * kH * kW);
    const start = 16 * Math.ceil(fixed / 16);
    const [raw, frame, map3, pooled2] = [C * H * W, C * f.frameH * f.frameW, K * f.rows * f.mapW, K * p.pH * p.pW];
    const sized = fit(start, 4 * (raw + frame + map3 + 3 * pooled2) + 64);
    if (sized === void 0) return void 0;
    const regions = [raw, frame, map3, pooled2, pooled2, pooled2].reduce((at2, floats) => [...at2, at2[at2.length - 1] + 16 * Math.ceil(4 * sized.samples * floats / 16)], [start]);
    return { ...sized, weights: 0, bias: 4 * K * C * kH * kW, table: 4 * (K * C * kH * kW + K), raw: regions[0], x: regions[1], map: regions[2], y: regions[3], winners: regions[4], zs: regions[5] };
  };
  var [COUNT, SAMPLE2, BLOCK, ROW2, XAT, MAPAT, WAT, BAT] = [0, 1, 2, 3, 4, 5, 6, 7];
  var [PLANE, PH2, PW2, WINDOW2, POSITION2, BEST2, BETTER2, OUT4] = [8, 9, 10, 11, 12, 13, 14, 15];
  var [TAP, TAP_AT] = [16, 17];
  var [BEST_Z2, Z2] = [18, 19];
  var BEST_64 = 20;
  var VECTORS = 21;
  var forwardModule = (p, at2, slope) => {
    const { C, K, H, W, kH, kW, pad, oW } = p.g;
    const f = framing(p);
    const taps = C * kH * kW;
    const KB = filterBlock(K);
    const groups = groupsOf(f.vectors, VECTOR_BLOCK);
    const mostVB = groups.reduce((most, [, count]) => Math.max(most, count), 1);
    const xv = (v) => VECTORS + v;
    const weight = VECTORS + mostVB;
    const sum = (kk, v) => VECTORS + mostVB + 1 + kk * mostVB + v;
    const POOL_VECTORS = VECTORS + mostVB + 1 + KB * mostVB;
    const padding = copyPlanes(
      [...op.get(COUNT), ...op.i32Const(C), ...op.i32Mul],
      H,
      W,
      { at: at2.raw, plane: 4 * H * W, row: 4 * W },
      { at: at2.x + 4 * (pad * f.frameW + pad), plane: 4 * f.frameH * f.frameW, row: 4 * f.frameW },
      [PLANE, ROW2, TAP, TAP_AT]
    );
    const row = [];
    for (const [first, count] of groups) {
      for (let kk = 0; kk < KB; kk++) for (let v = 0; v < count; v++) row.push([...op.get(BAT), ...f32x4.loadSplat(at2.bias + 4 * kk), ...op.set(sum(kk, v))]);
      const tap3 = [[...op.get(XAT), ...op.get(TAP), ...op.i32Load(at2.table), ...op.i32Add, ...op.set(TAP_AT)]];
      for (let v = 0; v < count; v++) tap3.push([...op.get(TAP_AT), ...f32x4.load(at2.x + 16 * (first + v)), ...op.set(xv(v))]);
      for (let kk = 0; kk < KB; kk++) {
        tap3.push([...op.get(WAT), ...op.get(TAP), ...op.i32Add, ...f32x4.loadSplat(at2.weights + 4 * kk * taps), ...op.set(weight)]);
        for (let v = 0; v < count; v++) tap3.push([...op.get(sum(kk, v)), ...op.get(weight), ...op.get(xv(v)), ...f32x4.mul, ...f32x4.add, ...op.set(sum(kk, v))]);
      }
      row.push(forLoop(TAP, op.i32Const(4 * taps), 4, tap3.flat()));
      for (let kk = 0; kk < KB; kk++) {
        for (let v = 0; v < count; v++) row.push([...op.get(MAPAT), ...op.get(sum(kk, v)), ...f32x4.store(at2.map + 4 * (kk * f.rows * f.mapW + 4 * (first + v)))]);
      }
    }
    const convolution = forLoop(SAMPLE2, op.get(COUNT), 1, forLoop(BLOCK, op.i32Const(K / KB), 1, [
      ...op.get(BLOCK),
      ...op.i32Const(4 * KB * taps),
      ...op.i32Mul,
      ...op.set(WAT),
      ...op.get(BLOCK),
      ...op.i32Const(4 * KB),
      ...op.i32Mul,
      ...op.set(BAT),
      ...forLoop(ROW2, op.i32Const(f.rows), 1, [
        ...op.get(SAMPLE2),
        ...op.i32Const(4 * C * f.frameH * f.frameW),
        ...op.i32Mul,
        ...op.get(ROW2),
        ...op.i32Const(4 * f.frameW),
        ...op.i32Mul,
        ...op.i32Add,
        ...op.set(XAT),
        ...op.get(SAMPLE2),
        ...op.i32Const(4 * K * f.rows * f.mapW),
        ...op.i32Mul,
        ...op.get(BLOCK),
        ...op.i32Const(4 * KB * f.rows * f.mapW),
        ...op.i32Mul,
        ...op.i32Add,
        ...op.get(ROW2),
        ...op.i32Const(4 * f.mapW),
        ...op.i32Mul,
        ...op.i32Add,
        ...op.set(MAPAT),
        ...row.flat()
      ])
    ]));
    const window = [];
    for (let i = 0; i < p.poolSize; i++) {
      for (let j = 0; j < p.poolSize; j++) {
        const load3 = [...op.get(WINDOW2), ...op.f32Load(at2.map + 4 * (i * f.mapW + j))];
        if (i === 0 && j === 0) {
          window.push([...load3, ...op.set(BEST_Z2), ...op.i32Const(0), ...op.set(BEST2)]);
          continue;
        }
        window.push([
          ...load3,
          ...op.set(Z2),
          ...op.get(Z2),
          ...op.get(BEST_Z2),
          ...op.f32Gt,
          ...op.set(BETTER2),
          ...op.get(Z2),
          ...op.get(BEST_Z2),
          ...op.get(BETTER2),
          ...op.select,
          ...op.set(BEST_Z2),
          ...op.i32Const(i * oW + j),
          ...op.get(BEST2),
          ...op.get(BETTER2),
          ...op.select,
          ...op.set(BEST2)
        ]);
      }
    }
    const [BEST_V, BEST_AT, V2, MASK, LOW, HIGH] = [POOL_VECTORS, POOL_VECTORS + 1, POOL_VECTORS + 2, POOL_VECTORS + 3, POOL_VECTORS + 4, POOL_VECTORS + 5];
    const Ps = p.poolStride;
    const quad = [];
    for (let i = 0; i < p.poolSize; i++) {
      for (let j = 0; j < p.poolSize; j++) {
        const offset = at2.map + 4 * (i * f.mapW + j);
        const gather = [
          ...op.get(WINDOW2),
          ...op.f32Load(offset),
          ...f32x4.splat,
          ...[1, 2, 3].flatMap((l) => [...op.get(WINDOW2), ...op.f32Load(offset + 4 * l * Ps), ...f32x4.replaceLane(l)])
        ];
        if (i === 0 && j === 0) {
          quad.push([...gather, ...op.set(BEST_V), ...bits.int32s(0, 0, 0, 0), ...op.set(BEST_AT)]);
          continue;
        }
        const position = i * oW + j;
        quad.push([
          ...gather,
          ...op.set(V2),
          ...op.get(V2),
          ...op.get(BEST_V),
          ...f32x4.gt,
          ...op.set(MASK),
          ...op.get(V2),
          ...op.get(BEST_V),
          ...op.get(MASK),
          ...bits.select,
          ...op.set(BEST_V),
          ...bits.int32s(position, position, position, position),
          ...op.get(BEST_AT),
          ...op.get(MASK),
          ...bits.select,
          ...op.set(BEST_AT)
        ]);
      }
    }
    const activation = (half, offset) => [
      ...op.get(half),
      ...op.get(half),
      ...op.f64Const(slope),
      ...v128.splat,
      ...v128.mul,
      ...op.get(half),
      ...op.f64Const(0),
      ...v128.splat,
      ...v128.gt,
      ...bits.select,
      ...v128.demoteZero,
      ...op.set(half),
      ...op.get(OUT4),
      ...op.get(half),
      ...v128.store64LaneAt(at2.y + offset)
    ];
    const windowAt = [
      ...op.get(PLANE),
      ...op.i32Const(4 * f.rows * f.mapW),
      ...op.i32Mul,
      ...op.get(PH2),
      ...op.i32Const(4 * Ps * f.mapW),
      ...op.i32Mul,
      ...op.i32Add,
      ...op.get(PW2),
      ...op.i32Const(4 * Ps),
      ...op.i32Mul,
      ...op.i32Add,
      ...op.set(WINDOW2),
      ...op.get(PH2),
      ...op.i32Const(Ps * oW),
      ...op.i32Mul,
      ...op.get(PW2),
      ...op.i32Const(Ps),
      ...op.i32Mul,
      ...op.i32Add,
      ...op.set(POSITION2)
    ];
    const fourWindows = [
      ...windowAt,
      ...quad.flat(),
      ...op.get(OUT4),
      ...op.get(POSITION2),
      ...bits.int32Splat,
      ...bits.int32s(0, Ps, 2 * Ps, 3 * Ps),
      ...bits.int32Add,
      ...op.get(BEST_AT),
      ...bits.int32Add,
      ...f32x4.store(at2.winners),
      ...op.get(OUT4),
      ...op.get(BEST_V),
      ...f32x4.store(at2.zs),
      ...op.get(BEST_V),
      ...v128.promoteLow,
      ...op.set(LOW),
      ...op.get(BEST_V),
      ...op.get(BEST_V),
      ...bits.shuffle([8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]),
      ...v128.promoteLow,
      ...op.set(HIGH),
      ...activation(LOW, 0),
      ...activation(HIGH, 8),
      ...op.get(OUT4),
      ...op.i32Const(16),
      ...op.i32Add,
      ...op.set(OUT4)
    ];
    const oneWindow = [
      ...windowAt,
      ...window.flat(),
      ...op.get(OUT4),
      ...op.get(POSITION2),
      ...op.get(BEST2),
      ...op.i32Add,
      ...op.i32Store(at2.winners),
      ...op.get(OUT4),
      ...op.get(BEST_Z2),
      ...op.f32Store(at2.zs),
      ...op.get(BEST_Z2),
      ...op.f64Promote,
      ...op.set(BEST_64),
      ...op.get(OUT4),
      ...op.get(BEST_64),
      ...op.f64Const(slope),
      ...op.get(BEST_64),
      ...op.f64Mul,
      ...op.get(BEST_64),
      ...op.f64Const(0),
      ...op.f64Gt,
      ...op.select,
      ...op.f32Demote,
      ...op.f32Store(at2.y),
      ...op.get(OUT4),
      ...op.i32Const(4),
      ...op.i32Add,
      ...op.set(OUT4)
    ];
    const pooling = [
      ...op.i32Const(0),
      ...op.set(OUT4),
      ...forLoop(PLANE, [...op.get(COUNT), ...op.i32Const(K), ...op.i32Mul], 1, forLoop(PH2, op.i32Const(p.pH), 1, [
        ...forWhole(PW2, op.i32Const(0), op.i32Const(p.pW), 4, fourWindows),
        ...forWhole(PW2, op.get(PW2), op.i32Const(p.pW), 1, oneWindow)
      ]))
    ];
    return moduleBytes({
      params: [I32],
      locals: [[17, I32], [2, F32], [1, F64], [mostVB + 1 + KB * mostVB + 6, V128]],
      body: [...padding, ...convolution, ...pooling],
      exportName: "forward",
      pages: at2.pages
    });
  };
  var makeForward = (p, slope) => {
    const at2 = forwardLayout(p);
    const exports = at2 && instantiate(forwardModule(p, at2, slope));
    if (at2 === void 0 || exports === void 0) return void 0;
    const run2 = exports.forward;
    const buffer = exports.memory.buffer;
    const floats = new Float32ArrayRecycled(buffer);
    const ints = new Int32ArrayRecycled(buffer);
    const { C, H, W, K, kH, kW } = p.g;
    const [perSample, outputs] = [C * H * W, K * p.pH * p.pW];
    const f = framing(p);
    for (let t = 0; t < C * kH * kW; t++) {
      ints[at2.table / 4 + t] = 4 * (Math.floor(t / (kH * kW)) * f.frameH * f.frameW + Math.floor(t % (kH * kW) / kW) * f.frameW + t % kW);
    }
    return (x, weights, bias, N2) => {
      floats.set(weights, at2.weights / 4);
      if (bias === void 0) floats.fill(0, at2.bias / 4, at2.bias / 4 + K);
      else floats.set(bias, at2.bias / 4);
      const y = float322(N2 * outputs);
      const winners = int322(N2 * outputs);
      const zs = float322(N2 * outputs);
      for (let n = 0; n < N2; n += at2.samples) {
        const m = Math.min(at2.samples, N2 - n);
        floats.set(x.subarray(n * perSample, (n + m) * perSample), at2.raw / 4);
        run2(m);
        y.set(floats.subarray(at2.y / 4, at2.y / 4 + m * outputs), n * outputs);
        winners.set(ints.subarray(at2.winners / 4, at2.winners / 4 + m * outputs), n * outputs);
        zs.set(floats.subarray(at2.zs / 4, at2.zs / 4 + m * outputs), n * outputs);
      }
      return [y, winners, zs];
    };
  };
  var backwardLayout = (p) => {
    const { C, K, H, W, kH, kW, pad, oH, oW } = p.g;
    const [frame, list, raw] = [C * (H + 2 * pad) * (W + 2 * pad), K * p.pH * p.pW, C * H * W];
    const fixedFloats = [K * C * kH * kW, K * C * kH * kW, K + 1, 2 * K, oH * oW];
    const perSample = [list, list, list, list, list, raw, frame, frame];
    const fixed = fixedFloats.reduce((sum, n) => sum + 16 * Math.ceil(4 * n / 16), 0);
    const sized = fit(fixed, 4 * perSample.reduce((sum, n) => sum + n, 0) + 16 * perSample.length);
    if (sized === void 0) return void 0;
    const sizes = [...fixedFloats, ...perSample.map((n) => sized.samples * n)];
    const regions = sizes.reduce((at2, floats) => [...at2, at2[at2.length - 1] + 16 * Math.ceil(4 * floats / 16)], [0]);
    const [weights, dWeights, starts, sums, table, d, corners, z, dy, winners, rawAt, x, dx] = regions;
    return { ...sized, weights, dWeights, starts, sums, table, d, corners, z, dy, winners, raw: rawAt, x, dx };
  };
  var [FILTER2, ENTRY, END, CORNER, WROW, SAMPLE_, Q, INDEX, LISTED] = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  var [PLANE_, ROW_, FROM, TO] = [10, 11, 12, 13];
  var D2 = 14;
  var [D_64, SUM_64] = [15, 16];
  var DV = 17;
  var SUMS = 18;
  var backwardModule = (p, at2, slope, wantDx) => {
    const { C, K, H, W, kH, kW, pad } = p.g;
    const [frameH, frameW] = [H + 2 * pad, W + 2 * pad];
    const taps = C * kH * kW;
    const plane = p.pH * p.pW;
    const padding = copyPlanes(
      [...op.get(COUNT), ...op.i32Const(C), ...op.i32Mul],
      H,
      W,
      { at: at2.raw, plane: 4 * H * W, row: 4 * W },
      { at: at2.x + 4 * (pad * frameW + pad), plane: 4 * frameH * frameW, row: 4 * frameW },
      [PLANE_, ROW_, FROM, TO]
    );
    const listing = [
      ...op.i32Const(0),
      ...op.set(LISTED),
      ...forLoop(FILTER2, op.i32Const(K), 1, [
        ...op.get(FILTER2),
        ...op.i32Const(4),
        ...op.i32Mul,
        ...op.get(LISTED),
        ...op.i32Store(at2.starts),
        ...op.get(FILTER2),
        ...op.i32Const(8),
        ...op.i32Mul,
        ...op.f64Load(at2.sums),
        ...op.set(SUM_64),
        ...forLoop(SAMPLE_, op.get(COUNT), 1, [
          ...op.get(SAMPLE_),
          ...op.i32Const(K),
          ...op.i32Mul,
          ...op.get(FILTER2),
          ...op.i32Add,
          ...op.i32Const(4 * plane),
          ...op.i32Mul,
          ...op.set(INDEX),
          ...forLoop(Q, op.i32Const(plane), 1, [
            ...op.get(INDEX),
            ...op.f32Load(at2.dy),
            ...op.f64Promote,
            ...op.set(D_64),
            ...op.get(D_64),
            ...op.f64Const(slope),
            ...op.get(D_64),
            ...op.f64Mul,
            ...op.get(INDEX),
            ...op.f32Load(at2.z),
            ...op.f32Const(0),
            ...op.f32Gt,
            ...op.select,
            ...op.set(D_64),
            ...op.get(D_64),
            ...op.f64Const(0),
            ...op.f64Ne,
            ...op.if,
            ...op.get(SUM_64),
            ...op.get(D_64),
            ...op.f64Add,
            ...op.set(SUM_64),
            ...op.get(LISTED),
            ...op.get(D_64),
            ...op.f32Demote,
            ...op.f32Store(at2.d),
            ...op.get(LISTED),
            ...op.get(INDEX),
            ...op.i32Load(at2.winners),
            ...op.i32Const(4),
            ...op.i32Mul,
            ...op.i32Load(at2.table),
            ...op.get(SAMPLE_),
            ...op.i32Const(4 * C * frameH * frameW),
            ...op.i32Mul,
            ...op.i32Add,
            ...op.i32Store(at2.corners),
            ...op.get(LISTED),
            ...op.i32Const(4),
            ...op.i32Add,
            ...op.set(LISTED),
            ...op.end,
            ...op.get(INDEX),
            ...op.i32Const(4),
            ...op.i32Add,
            ...op.set(INDEX)
          ])
        ]),
        ...op.get(FILTER2),
        ...op.i32Const(8),
        ...op.i32Mul,
        ...op.get(SUM_64),
        ...op.f64Store(at2.sums)
      ]),
      ...op.i32Const(0),
      ...op.get(LISTED),
      ...op.i32Store(at2.starts + 4 * K)
    ];
    const [vecs, rest] = [Math.floor(kW / 4), kW % 4];
    const vSum = (kh, v) => SUMS + kh * vecs + v;
    const sSum = (kh, j) => SUMS + kH * vecs + kh * rest + j;
    const channels = [];
    for (let c = 0; c < C; c++) {
      const tap3 = (kh, kw) => (c * kH + kh) * kW + kw;
      const frameAt = (kh, kw) => 4 * (c * frameH * frameW + kh * frameW + kw);
      const load3 = [];
      const store2 = [];
      const step = [];
      for (let kh = 0; kh < kH; kh++) {
        for (let v = 0; v < vecs; v++) {
          load3.push([...op.get(WROW), ...f32x4.load(at2.dWeights + 4 * tap3(kh, 4 * v)), ...op.set(vSum(kh, v))]);
          store2.push([...op.get(WROW), ...op.get(vSum(kh, v)), ...f32x4.store(at2.dWeights + 4 * tap3(kh, 4 * v))]);
          step.push([...op.get(vSum(kh, v)), ...op.get(DV), ...op.get(CORNER), ...f32x4.load(at2.x + frameAt(kh, 4 * v)), ...f32x4.mul, ...f32x4.add, ...op.set(vSum(kh, v))]);
          if (wantDx) {
            step.push([
              ...op.get(CORNER),
              ...op.get(CORNER),
              ...f32x4.load(at2.dx + frameAt(kh, 4 * v)),
              ...op.get(DV),
              ...op.get(WROW),
              ...f32x4.load(at2.weights + 4 * tap3(kh, 4 * v)),
              ...f32x4.mul,
              ...f32x4.add,
              ...f32x4.store(at2.dx + frameAt(kh, 4 * v))
            ]);
          }
        }
        for (let j = 0; j < rest; j++) {
          const kw = 4 * vecs + j;
          load3.push([...op.get(WROW), ...op.f32Load(at2.dWeights + 4 * tap3(kh, kw)), ...op.set(sSum(kh, j))]);
          store2.push([...op.get(WROW), ...op.get(sSum(kh, j)), ...op.f32Store(at2.dWeights + 4 * tap3(kh, kw))]);
          step.push([...op.get(sSum(kh, j)), ...op.get(D2), ...op.get(CORNER), ...op.f32Load(at2.x + frameAt(kh, kw)), ...op.f32Mul, ...op.f32Add, ...op.set(sSum(kh, j))]);
          if (wantDx) {
            step.push([
              ...op.get(CORNER),
              ...op.get(CORNER),
              ...op.f32Load(at2.dx + frameAt(kh, kw)),
              ...op.get(D2),
              ...op.get(WROW),
              ...op.f32Load(at2.weights + 4 * tap3(kh, kw)),
              ...op.f32Mul,
              ...op.f32Add,
              ...op.f32Store(at2.dx + frameAt(kh, kw))
            ]);
          }
        }
      }
      channels.push([
        ...load3.flat(),
        ...op.get(FILTER2),
        ...op.i32Const(4),
        ...op.i32Mul,
        ...op.i32Load(at2.starts),
        ...op.set(ENTRY),
        ...op.get(FILTER2),
        ...op.i32Const(4),
        ...op.i32Mul,
        ...op.i32Load(at2.starts + 4),
        ...op.set(END),
        ...op.block,
        ...op.loop,
        ...op.get(ENTRY),
        ...op.get(END),
        ...op.i32GeU,
        ...op.brIf(1),
        ...op.get(ENTRY),
        ...op.f32Load(at2.d),
        ...op.set(D2),
        ...op.get(D2),
        ...f32x4.splat,
        ...op.set(DV),
        ...op.get(ENTRY),
        ...op.i32Load(at2.corners),
        ...op.set(CORNER),
        ...step.flat(),
        ...op.get(ENTRY),
        ...op.i32Const(4),
        ...op.i32Add,
        ...op.set(ENTRY),
        ...op.br(0),
        ...op.end,
        ...op.end,
        ...store2.flat()
      ]);
    }
    const gradients = forLoop(FILTER2, op.i32Const(K), 1, [
      ...op.get(FILTER2),
      ...op.i32Const(4 * taps),
      ...op.i32Mul,
      ...op.set(WROW),
      ...channels.flat()
    ]);
    const cropping = wantDx ? copyPlanes(
      [...op.get(COUNT), ...op.i32Const(C), ...op.i32Mul],
      H,
      W,
      { at: at2.dx + 4 * (pad * frameW + pad), plane: 4 * frameH * frameW, row: 4 * frameW },
      { at: at2.raw, plane: 4 * H * W, row: 4 * W },
      [PLANE_, ROW_, FROM, TO]
    ) : [];
    return moduleBytes({
      params: [I32],
      locals: [[13, I32], [1, F32], [2, F64], [1 + kH * vecs, V128], [kH * rest, F32]],
      body: [...padding, ...listing, ...gradients, ...cropping],
      exportName: "backward",
      pages: at2.pages
    });
  };
  var makeBackward = (p, slope, wantDx) => {
    const at2 = backwardLayout(p);
    const exports = at2 && instantiate(backwardModule(p, at2, slope, wantDx));
    if (at2 === void 0 || exports === void 0) return void 0;
    const run2 = exports.backward;
    const buffer = exports.memory.buffer;
    const floats = new Float32ArrayRecycled(buffer);
    const ints = new Int32ArrayRecycled(buffer);
    const doubles = new Float64ArrayRecycled(buffer);
    const { C, K, H, W, kH, kW, pad, oH, oW } = p.g;
    const [frameH, frameW] = [H + 2 * pad, W + 2 * pad];
    const frame = C * frameH * frameW;
    const taps = C * kH * kW;
    const [perSample, outputs] = [C * H * W, K * p.pH * p.pW];
    for (let oh = 0; oh < oH; oh++) for (let ow = 0; ow < oW; ow++) ints[at2.table / 4 + oh * oW + ow] = 4 * (oh * frameW + ow);
    return (x, winners, z, dy, weights, N2) => {
      floats.set(weights, at2.weights / 4);
      floats.fill(0, at2.dWeights / 4, at2.dWeights / 4 + K * taps);
      doubles.fill(0, at2.sums / 8, at2.sums / 8 + K);
      const dx = wantDx ? floatsLike2(dy, N2 * perSample) : void 0;
      for (let n = 0; n < N2; n += at2.samples) {
        const m = Math.min(at2.samples, N2 - n);
        floats.set(x.subarray(n * perSample, (n + m) * perSample), at2.raw / 4);
        floats.set(z.subarray(n * outputs, (n + m) * outputs), at2.z / 4);
        floats.set(dy.subarray(n * outputs, (n + m) * outputs), at2.dy / 4);
        ints.set(winners.subarray(n * outputs, (n + m) * outputs), at2.winners / 4);
        if (wantDx) floats.fill(0, at2.dx / 4, at2.dx / 4 + m * frame);
        run2(m);
        if (dx !== void 0) dx.set(floats.subarray(at2.raw / 4, at2.raw / 4 + m * perSample), n * perSample);
      }
      const dWeights = floatsLike2(dy, K * taps);
      dWeights.set(floats.subarray(at2.dWeights / 4, at2.dWeights / 4 + K * taps));
      const dBias = floatsLike2(dy, K);
      dBias.set(doubles.subarray(at2.sums / 8, at2.sums / 8 + K));
      return [dx, dWeights, dBias];
    };
  };
  var forwards = /* @__PURE__ */ new Map();
  var backwards = /* @__PURE__ */ new Map();
  var serves2 = (p) => p.g.stride === 1 && p.g.K >= 4 && p.pH >= 1 && p.pW >= 1;
  var forwardSimd = (p, slope) => {
    if (!serves2(p) || !Number.isFinite(slope)) return void 0;
    const key = JSON.stringify([p, slope]);
    if (!forwards.has(key)) forwards.set(key, makeForward(p, slope));
    return forwards.get(key);
  };
  var backwardSimd = (p, slope, wantDx) => {
    if (!serves2(p) || !Number.isFinite(slope)) return void 0;
    const key = JSON.stringify([p, slope, wantDx]);
    if (!backwards.has(key)) backwards.set(key, makeBackward(p, slope, wantDx));
    return backwards.get(key);
  };

  // src/fast/convPool.ts
  var writtenKernels = (o, s, float323) => {
    let kernels = s.written.get(float323);
    if (kernels === void 0) {
      const shape = { g: s.g, pH: s.pH, pW: s.pW, poolSize: o.poolSize, poolStride: o.poolStride, slope: o.slope, float32: float323 };
      kernels = { forward: pooledKernelSimd(shape, s.allInside) ?? pooledKernel(shape), weights: weightsKernel(shape) };
      s.written.set(float323, kernels);
    }
    return kernels;
  };
  var simdShape = (o, s) => ({ g: s.g, pH: s.pH, pW: s.pW, poolSize: o.poolSize, poolStride: o.poolStride });
  var simdForward = (o, s) => {
    if (!s.simd.has("forward")) s.simd.set("forward", forwardSimd(simdShape(o, s), o.slope));
    return s.simd.get("forward");
  };
  var simdBackward = (o, s, wantDx) => {
    const which = wantDx ? "backward" : "params";
    if (!s.simd.has(which)) s.simd.set(which, backwardSimd(simdShape(o, s), o.slope, wantDx));
    return s.simd.get(which);
  };
  var convAt = (g, x, weights, start, sample2, filter, oh, ow) => {
    const { C, H, W, kH, kW, stride, pad } = g;
    let sum = start;
    for (let c = 0; c < C; c++) {
      for (let kh = 0; kh < kH; kh++) {
        const ih = oh * stride - pad + kh;
        if (ih < 0 || ih >= H) continue;
        for (let kw = 0; kw < kW; kw++) {
          const iw = ow * stride - pad + kw;
          if (iw >= 0 && iw < W) sum += weights[((filter * C + c) * kH + kh) * kW + kw] * x[((sample2 * C + c) * H + ih) * W + iw];
        }
      }
    }
    return sum;
  };
  var forwardWrittenOut = (o, s, kernel, x, weights, bias, N2) => {
    const { g, pH, pW } = s;
    const { K, oW } = g;
    const count = N2 * K * pH * pW;
    const y = floatsLike2(x, count);
    const winners = int322(count);
    const zs = floatsLike2(x, count);
    kernel(x, weights, bias, N2, s.windowInside, y, winners, zs);
    if (s.allInside) return [y, winners, zs];
    const round = x instanceof Float32ArrayRecycled ? Math.fround : (v) => v;
    for (let n = 0; n < N2; n++) {
      for (let k = 0; k < K; k++) {
        for (let q = 0; q < pH * pW; q++) {
          if (s.windowInside[q] === 1) continue;
          const [ph, pw] = [Math.floor(q / pW), q % pW];
          let best = -1;
          let bestZ = 0;
          for (let i = 0; i < o.poolSize; i++) {
            for (let j = 0; j < o.poolSize; j++) {
              const [oh, ow] = [ph * o.poolStride + i, pw * o.poolStride + j];
              const z = round(convAt(g, x, weights, bias === void 0 ? 0 : bias[k], n, k, oh, ow));
              if (best < 0 || z > bestZ) {
                best = oh * oW + ow;
                bestZ = z;
              }
            }
          }
          const out = (n * K + k) * pH * pW + q;
          winners[out] = best;
          zs[out] = bestZ;
          y[out] = bestZ > 0 ? bestZ : o.slope * bestZ;
        }
      }
    }
    return [y, winners, zs];
  };
  var forwardPooled = (o, s, x, weights, bias, N2) => {
    const { g, pH, pW } = s;
    const { K, oH, oW } = g;
    const { poolSize: P2, poolStride: Ps, slope } = o;
    const simd2 = x instanceof Float32ArrayRecycled ? simdForward(o, s) : void 0;
    if (simd2 !== void 0) return simd2(x, weights, bias, N2);
    const kernel = K < 4 ? writtenKernels(o, s, x instanceof Float32ArrayRecycled).forward : void 0;
    if (kernel !== void 0) return forwardWrittenOut(o, s, kernel, x, weights, bias, N2);
    const map3 = () => scratchZeros(x, N2 * K * oH * oW, "map");
    const z = (
      // (N, K, oH, oW)
      g.stride === 1 && isSparse(x, 1 / 3) ? conv2dForwardScatterInto(g, x, weights, bias, N2, map3()) : K >= 4 ? conv2dForwardGemm(g, x, weights, bias, N2, map3()) : conv2dForwardFast(g, x, weights, bias, N2)
    );
    const count = N2 * K * pH * pW;
    const y = floatsLike2(x, count);
    const winners = int322(count);
    const zs = floatsLike2(x, count);
    let out = 0;
    for (let nk = 0; nk < N2 * K; nk++) {
      const plane = nk * oH * oW;
      for (let ph = 0; ph < pH; ph++) {
        for (let pw = 0; pw < pW; pw++, out++) {
          let best = ph * Ps * oW + pw * Ps;
          let bestZ = z[plane + best];
          if (P2 === 2) {
            const first = best;
            if (z[plane + first + 1] > bestZ) {
              best = first + 1;
              bestZ = z[plane + best];
            }
            if (z[plane + first + oW] > bestZ) {
              best = first + oW;
              bestZ = z[plane + best];
            }
            if (z[plane + first + oW + 1] > bestZ) {
              best = first + oW + 1;
              bestZ = z[plane + best];
            }
          } else {
            for (let i = 0; i < P2; i++) {
              const row = (ph * Ps + i) * oW + pw * Ps;
              for (let j = 0; j < P2; j++) {
                if (z[plane + row + j] > bestZ) {
                  best = row + j;
                  bestZ = z[plane + row + j];
                }
              }
            }
          }
          winners[out] = best;
          zs[out] = bestZ;
          y[out] = bestZ > 0 ? bestZ : slope * bestZ;
        }
      }
    }
    return [y, winners, zs];
  };
  var weightsWrittenOut = (o, s, cache3, dy, kernel) => {
    const { g, pH, pW, corners, inside } = s;
    const { K, C, H, W, kH, kW, stride, pad, oW } = g;
    const x = cache3.x.data;
    const N2 = cache3.x.shape[0];
    const T = C * kH * kW;
    const sums = float642(K * T + K);
    kernel(x, dy, cache3.z, cache3.winners, inside, corners, N2, sums);
    if (!s.allPatchesInside) {
      for (let n = 0; n < N2; n++) {
        for (let k = 0; k < K; k++) {
          for (let q = 0; q < pH * pW; q++) {
            const at2 = (n * K + k) * pH * pW + q;
            const position = cache3.winners[at2];
            const d = cache3.z[at2] > 0 ? dy[at2] : o.slope * dy[at2];
            if (d === 0 || inside[position] === 1) continue;
            sums[K * T + k] += d;
            const oh = position / oW | 0;
            const [ih0, iw0] = [oh * stride - pad, (position - oh * oW) * stride - pad];
            for (let t = 0; t < T; t++) {
              const [c, kh, kw] = [Math.floor(t / (kH * kW)), Math.floor(t % (kH * kW) / kW), t % kW];
              const [ih, iw] = [ih0 + kh, iw0 + kw];
              if (ih >= 0 && ih < H && iw >= 0 && iw < W) sums[k * T + t] += d * x[((n * C + c) * H + ih) * W + iw];
            }
          }
        }
      }
    }
    const dWeights = floatsLike2(dy, K * T);
    dWeights.set(sums.subarray(0, K * T));
    const dBias = floatsLike2(dy, K);
    dBias.set(sums.subarray(K * T));
    return [dWeights, dBias];
  };
  var backwardPooled = (o, s, cache3, dy, weights, wantDx) => {
    const { g, pH, pW, taps, corners, inside } = s;
    const { K, C, H, W, kH, kW, stride, pad, oW } = g;
    const { winners, z } = cache3;
    const x = cache3.x.data;
    const N2 = cache3.x.shape[0];
    const slope = o.slope;
    const plane = pH * pW;
    const simd2 = x instanceof Float32ArrayRecycled && dy instanceof Float32ArrayRecycled ? simdBackward(o, s, wantDx) : void 0;
    if (simd2 !== void 0) return simd2(x, winners, z, dy, weights, N2);
    const written = wantDx ? void 0 : writtenKernels(o, s, x instanceof Float32ArrayRecycled).weights;
    if (written !== void 0) return [void 0, ...weightsWrittenOut(o, s, cache3, dy, written)];
    const dx = wantDx ? floatsLike2(dy, N2 * C * H * W) : void 0;
    const dWeights = floatsLike2(dy, K * C * kH * kW);
    const dBias = floatsLike2(dy, K);
    const values = scratchFloat64(N2 * plane, "values");
    const starts = scratchInt32(N2 * plane, "positions");
    for (let k = 0; k < K; k++) {
      const wFilter = k * C * kH * kW;
      const border = float642(C * kH * kW);
      let count = 0;
      let sumB = 0;
      for (let n = 0; n < N2; n++) {
        for (let q = 0; q < plane; q++) {
          const at2 = (n * K + k) * plane + q;
          const d = z[at2] > 0 ? dy[at2] : slope * dy[at2];
          if (d === 0) continue;
          sumB += d;
          const position = winners[at2];
          if (inside[position] === 1) {
            values[count] = d;
            starts[count] = n * C * H * W + corners[position];
            count++;
            continue;
          }
          const oh = position / oW | 0;
          const ih0 = oh * stride - pad;
          const iw0 = (position - oh * oW) * stride - pad;
          for (let c = 0; c < C; c++) {
            for (let kh = 0; kh < kH; kh++) {
              const ih = ih0 + kh;
              if (ih < 0 || ih >= H) continue;
              for (let kw = 0; kw < kW; kw++) {
                const iw = iw0 + kw;
                if (iw < 0 || iw >= W) continue;
                const i = ((n * C + c) * H + ih) * W + iw;
                const t = (c * kH + kh) * kW + kw;
                border[t] += d * x[i];
                if (dx !== void 0) dx[i] += d * weights[wFilter + t];
              }
            }
          }
        }
      }
      dBias[k] = sumB;
      for (let t = 0; t < taps.length; t++) {
        const tap3 = taps[t];
        let sum = border[t];
        for (let i = 0; i < count; i++) sum += values[i] * x[starts[i] + tap3];
        dWeights[wFilter + t] = sum;
      }
      if (dx === void 0) continue;
      for (let i = 0; i < count; i++) {
        const d = values[i];
        const start = starts[i];
        for (let t = 0; t < taps.length; t++) dx[start + taps[t]] += d * weights[wFilter + t];
      }
    }
    return [dx, dWeights, dBias];
  };
  var convPool = (o) => {
    const { filters: K, kernelSize: [kH, kW] } = o;
    const init = initializers.glorot;
    let last;
    const sizesOf = (C, H, W) => {
      if (last !== void 0 && last.C === C && last.H === H && last.W === W) return last.sizes;
      const g = convGeometry(C, H, W, K, kH, kW, o.stride, o.padding);
      const taps = Int32ArrayRecycled.from({ length: C * kH * kW }, (_, t) => Math.floor(t / (kH * kW)) * H * W + Math.floor(t % (kH * kW) / kW) * W + t % kW);
      const corners = new Int32ArrayRecycled(g.oH * g.oW);
      const inside = new Uint8ArrayRecycled(g.oH * g.oW);
      for (let oh = 0; oh < g.oH; oh++) {
        for (let ow = 0; ow < g.oW; ow++) {
          const [ih0, iw0] = [oh * o.stride - o.padding, ow * o.stride - o.padding];
          corners[oh * g.oW + ow] = ih0 * W + iw0;
          inside[oh * g.oW + ow] = ih0 >= 0 && iw0 >= 0 && ih0 + kH <= H && iw0 + kW <= W ? 1 : 0;
        }
      }
      const pH = Math.floor((g.oH - o.poolSize) / o.poolStride) + 1;
      const pW = Math.floor((g.oW - o.poolSize) / o.poolStride) + 1;
      const windowInside = new Uint8ArrayRecycled(pH * pW);
      for (let ph = 0; ph < pH; ph++) {
        for (let pw = 0; pw < pW; pw++) {
          let all = 1;
          for (let i = 0; i < o.poolSize; i++) for (let j = 0; j < o.poolSize; j++) all &= inside[(ph * o.poolStride + i) * g.oW + pw * o.poolStride + j];
          windowInside[ph * pW + pw] = all;
        }
      }
      const sizes = { g, pH, pW, taps, corners, inside, windowInside, allInside: windowInside.every((v) => v === 1), allPatchesInside: inside.every((v) => v === 1), written: /* @__PURE__ */ new Map(), simd: /* @__PURE__ */ new Map() };
      last = { C, H, W, sizes };
      return sizes;
    };
    const gradients = (dWeights, dBias, C) => o.bias ? { weights: tensor([K, C, kH, kW], dWeights), bias: tensor([K], dBias) } : { weights: tensor([K, C, kH, kW], dWeights) };
    return {
      name: o.name,
      outShape: (inShape) => {
        const { pH, pW } = sizesOf(inShape[0], inShape[1], inShape[2]);
        return right2([K, pH, pW]);
      },
      paramShapes: (inShape) => ({ weights: [K, inShape[0], kH, kW], ...o.bias ? { bias: [K] } : {} }),
      init: (inShape, rng) => {
        const C = inShape[0];
        const [weights, next] = init([K, C, kH, kW], { fanIn: C * kH * kW, fanOut: K * kH * kW }, rng);
        return [o.bias ? { weights, bias: zeros([K]) } : { weights }, next];
      },
      forward: (params, x) => {
        const [N2, C, H, W] = x.shape;
        const s = sizesOf(C, H, W);
        const [y, winners, z] = forwardPooled(o, s, x.data, params.weights.data, params.bias?.data, N2);
        return [tensor([N2, K, s.pH, s.pW], y), { x, winners, z }];
      },
      backward: (params, cache3, dy) => {
        const [, C, H, W] = cache3.x.shape;
        const [dx, dWeights, dBias] = backwardPooled(o, sizesOf(C, H, W), cache3, dy.data, params.weights.data, true);
        return [tensor(cache3.x.shape, dx ?? float322(0)), gradients(dWeights, dBias, C)];
      },
      paramGradients: (params, cache3, dy) => {
        const [, C, H, W] = cache3.x.shape;
        const [, dWeights, dBias] = backwardPooled(o, sizesOf(C, H, W), cache3, dy.data, params.weights.data, false);
        return gradients(dWeights, dBias, C);
      }
    };
  };
  var passThrough = (name2) => ({
    name: name2,
    outShape: (inShape) => right2(inShape),
    paramShapes: () => ({}),
    init: (_inShape, rng) => [{}, rng],
    forward: (_params, x) => [x, void 0],
    backward: (_params, _cache, dy) => [dy, {}]
  });

  // src/fast/network.ts
  var isReluLike = (layer) => /^(?:relu|lrelu[\d.]*)$/.test(layer.name);
  var isMaxPool = (layer) => /^pool\d+(?:s\d+)?$/.test(layer.name);
  var poolBeforeActivation = (layers) => {
    const arranged = [...layers];
    for (let i = 0; i + 1 < arranged.length; i++) {
      const [activation, pool] = [arranged[i], arranged[i + 1]];
      if (isReluLike(activation) && isMaxPool(pool)) {
        arranged[i] = pool;
        arranged[i + 1] = activation;
        i++;
      }
    }
    return arranged;
  };
  var CONV = /^conv(\d+)x(\d+)x(\d+)(?:p(\d+))?(?:s(\d+))?(b)?$/;
  var POOL = /^pool(\d+)(?:s(\d+))?$/;
  var slopeOf = (layer) => layer.name === "relu" ? 0 : layer.name === "lrelu" ? 0.01 : /^lrelu[\d.]+$/.test(layer.name) ? Number(layer.name.slice(5)) : void 0;
  var fuseConvPool = (layers) => {
    const fused = [...layers];
    for (let i = 0; i + 1 < fused.length; i++) {
      const conv = CONV.exec(fused[i].name);
      const pool = POOL.exec(fused[i + 1].name);
      if (conv === null || pool === null) continue;
      const slope = i + 2 < fused.length ? slopeOf(fused[i + 2]) : void 0;
      const size = Number(pool[1]);
      const swallowed = slope === void 0 ? 1 : 2;
      fused[i] = convPool({
        filters: Number(conv[3]),
        kernelSize: [Number(conv[1]), Number(conv[2])],
        padding: Number(conv[4] ?? 0),
        stride: Number(conv[5] ?? 1),
        bias: conv[6] === "b",
        poolSize: size,
        poolStride: Number(pool[2] ?? size),
        slope: slope ?? 1,
        name: fused.slice(i, i + 1 + swallowed).map((layer) => layer.name).join("+")
      });
      for (let j = 1; j <= swallowed; j++) fused[i + j] = passThrough(fused[i + j].name);
      i += swallowed;
    }
    return fused;
  };
  var NO_INPUT_GRADIENT = tensor([0], float322(0));
  var hasParamGradients = (layer) => typeof layer.paramGradients === "function";
  var paramGradientsOf = (layer) => {
    if (hasParamGradients(layer)) return (params, cache3, dy) => layer.paramGradients(params, cache3, dy);
    const conv = CONV.exec(layer.name);
    if (conv !== null) {
      const [kH, kW, K, pad, stride] = [conv[1], conv[2], conv[3], conv[4] ?? 0, conv[5] ?? 1].map(Number);
      return (_params, cache3, dy) => {
        const x = cache3;
        const [N2, C, H, W] = x.shape;
        const g = convGeometry(C, H, W, K, kH, kW, stride, pad);
        const weights = tensor([K, C, kH, kW], conv2dBackwardWeightsFast(g, dy.data, x.data, N2));
        return conv[6] === "b" ? { weights, bias: tensor([K], conv2dBackwardBiasFast(g, dy.data, N2)) } : { weights };
      };
    }
    const dense2 = /^dense(\d+)$/.exec(layer.name);
    if (dense2 !== null) {
      const O = Number(dense2[1]);
      return (_params, cache3, dy) => {
        const x = cache3;
        const N2 = x.shape[0];
        const F = x.data.length / N2;
        return { weights: tensor([O, F], denseBackwardWeightsFast(dy.data, x.data, N2, F, O)), bias: tensor([O], denseBackwardBiasFast(dy.data, N2, O)) };
      };
    }
    return void 0;
  };
  var skipInputGradient = (layers) => {
    const [first, ...rest] = layers;
    const grads = first === void 0 ? void 0 : paramGradientsOf(first);
    if (first === void 0 || grads === void 0) return layers;
    return [{ ...first, backward: (params, cache3, dy) => [NO_INPUT_GRADIENT, grads(params, cache3, dy)] }, ...rest];
  };
  var arrangeForSpeed = (net) => {
    const arranged = sequential(net.shapes[0], skipInputGradient(fuseConvPool(poolBeforeActivation(net.layers))));
    if (isLeft2(arranged)) throw new Error(`arrangeForSpeed: ${arranged.left}`);
    return arranged.right;
  };

  // src/kernels/softmaxCrossEntropy.ts
  var logSumExp = (logits, row, J) => {
    let max = logits[row];
    for (let j = 1; j < J; j++) max = Math.max(max, logits[row + j]);
    let sum = 0;
    for (let j = 0; j < J; j++) sum += Math.exp(logits[row + j] - max);
    return max + Math.log(sum);
  };
  var softmax = (logits, N2, J) => {
    const probs = floatsLike(logits, N2 * J);
    for (let n = 0; n < N2; n++) {
      const row = n * J;
      const lse = logSumExp(logits, row, J);
      for (let j = 0; j < J; j++) probs[row + j] = Math.exp(logits[row + j] - lse);
    }
    return probs;
  };
  var softmaxCrossEntropyForward = (logits, labels, N2, J) => {
    let total = 0;
    for (let n = 0; n < N2; n++) total += logSumExp(logits, n * J, J) - logits[n * J + labels[n]];
    return [total / N2, softmax(logits, N2, J)];
  };
  var softmaxCrossEntropyBackward = (probs, labels, N2, J) => {
    const dLogits = floatsLike(probs, N2 * J);
    for (let n = 0; n < N2; n++) {
      const row = n * J;
      const label = labels[n];
      for (let j = 0; j < J; j++) dLogits[row + j] = (probs[row + j] - (j === label ? 1 : 0)) / N2;
    }
    return dLogits;
  };

  // src/layers/softmaxCrossEntropy.ts
  var softmaxCrossEntropy = {
    name: "softmax-cross-entropy",
    forward: (logits, labels) => {
      const N2 = batchOf(logits);
      const J = logits.data.length / N2;
      if (labels.length !== N2) throw new RangeError(`softmaxCrossEntropy: ${N2} rows of logits but ${labels.length} labels`);
      for (let n = 0; n < N2; n++) {
        if (labels[n] >= J) throw new RangeError(`softmaxCrossEntropy: label ${labels[n]} is not one of the ${J} classes`);
      }
      const [loss, probs] = softmaxCrossEntropyForward(logits.data, labels, N2, J);
      return [loss, { probs: tensor(logits.shape, probs), labels }];
    },
    backward: ({ probs, labels }) => {
      const N2 = batchOf(probs);
      return tensor(probs.shape, softmaxCrossEntropyBackward(probs.data, labels, N2, probs.data.length / N2));
    }
  };

  // src/core/params.ts
  var mapLeaves = (trees, f) => trees[0].map((record2, layer) => {
    const out = {};
    for (const name2 of Object.keys(record2)) {
      out[name2] = f(
        trees.map((tree) => tree[layer][name2]),
        { layer, name: name2 }
      );
    }
    return out;
  });
  var pluck = (tree, key) => tree.map((record2) => {
    const out = {};
    for (const name2 of Object.keys(record2)) out[name2] = record2[name2][key];
    return out;
  });
  var leavesOf = (tree) => tree.flatMap((record2, layer) => Object.keys(record2).map((name2) => ({ layer, name: name2, value: record2[name2] })));

  // src/optim/momentum.ts
  var momentum = (lr, beta = 0.9) => ({
    name: `momentum(lr=${showRate(lr)}, beta=${beta})`,
    init: (params) => ({ step: 0, velocity: mapLeaves([params], ([p]) => zerosLike(p)) }),
    step: (params, grads, state) => {
      const eta = rateAt(lr, state.step);
      const next = mapLeaves([params, grads, state.velocity], ([p, g, v]) => {
        const newP = floatsLike(p.data, p.data.length);
        const newV = floatsLike(v.data, v.data.length);
        for (let i = 0; i < newP.length; i++) {
          const vi = beta * v.data[i] + g.data[i];
          newV[i] = vi;
          newP[i] = p.data[i] - eta * vi;
        }
        return { param: tensor(p.shape, newP), velocity: tensor(v.shape, newV) };
      });
      return [pluck(next, "param"), { step: state.step + 1, velocity: pluck(next, "velocity") }];
    }
  });

  // src/optim/sgd.ts
  var sgd = (lr) => ({
    name: `sgd(lr=${showRate(lr)})`,
    init: () => ({ step: 0 }),
    step: (params, grads, state) => {
      const eta = rateAt(lr, state.step);
      const next = mapLeaves([params, grads], ([p, g]) => {
        const out = floatsLike(p.data, p.data.length);
        for (let i = 0; i < out.length; i++) out[i] = p.data[i] - eta * g.data[i];
        return tensor(p.shape, out);
      });
      return [next, { step: state.step + 1 }];
    }
  });

  // src/data/dataset.ts
  var gatherBatch = (ds, indices, start, end) => {
    if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= indices.length)) {
      throw new RangeError(`gatherBatch: need 0 ≤ start ≤ end ≤ ${indices.length} (the number of indices), got start ${start}, end ${end}`);
    }
    const N2 = end - start;
    const pixels = ds.rows * ds.cols;
    const images = ds.images;
    const x = float32(N2 * pixels);
    const labels = new Uint8ArrayRecycled(N2);
    for (let n = 0; n < N2; n++) {
      const i = indices[start + n];
      if (!(i >= 0 && i < ds.count)) throw new RangeError(`gatherBatch: index ${i} at position ${start + n} is outside the ${ds.count} samples`);
      labels[n] = ds.labels[i];
      const from = i * pixels;
      const to = n * pixels;
      for (let p = 0; p < pixels; p++) x[to + p] = images[from + p] / 255;
    }
    return { x: tensor([N2, 1, ds.rows, ds.cols], x), labels };
  };

  // src/model/predict.ts
  var argmaxRows = (values, N2, J) => {
    const classes = new Int32ArrayRecycled(N2);
    for (let n = 0; n < N2; n++) {
      let best = 0;
      for (let j = 1; j < J; j++) if (values[n * J + j] > values[n * J + best]) best = j;
      classes[n] = best;
    }
    return classes;
  };
  var logitsOf = (net, params, x) => forward(net, params, x)[0];

  // src/train/evaluate.ts
  var evaluate = (net, params, data, indices, batchSize = 128) => {
    const M3 = indices.length;
    const J = outputShapeOf(net)[0];
    if (J > 256) throw new RangeError(`evaluate: the network has ${J} classes, but labels are bytes: at most 256`);
    const predicted = new Uint8ArrayRecycled(M3);
    const labels = new Uint8ArrayRecycled(M3);
    const probabilities = float32(M3 * J);
    let [correct, lossSum] = [0, 0];
    for (let start = 0; start < M3; start += batchSize) {
      const end = Math.min(start + batchSize, M3);
      const batch = gatherBatch(data, indices, start, end);
      const [loss, { probs }] = softmaxCrossEntropy.forward(logitsOf(net, params, batch.x), batch.labels);
      const guesses = argmaxRows(probs.data, end - start, J);
      probabilities.set(probs.data, start * J);
      predicted.set(guesses, start);
      labels.set(batch.labels, start);
      lossSum += loss * (end - start);
      for (let n = 0; n < end - start; n++) if (guesses[n] === batch.labels[n]) correct++;
    }
    return { predicted, labels, probabilities, accuracy: M3 === 0 ? Number.NaN : correct / M3, loss: M3 === 0 ? Number.NaN : lossSum / M3 };
  };

  // src/train/step.ts
  var countCorrect = (logits, labels) => {
    const N2 = batchOf(logits);
    const predicted = argmaxRows(logits.data, N2, logits.data.length / N2);
    let correct = 0;
    for (let n = 0; n < N2; n++) if (predicted[n] === labels[n]) correct++;
    return correct;
  };
  var gradientsOf = (net, loss, params, x, labels, pass) => {
    const [logits, caches] = forward(net, params, x, pass);
    const [value, lossCache] = loss.forward(logits, labels);
    const [, grads] = backward(net, params, caches, loss.backward(lossCache));
    const settled = pass && net.layers.map((layer, i) => layer.settle?.(params[i], caches[i]) ?? {});
    return { loss: value, correct: countCorrect(logits, labels), grads, settled };
  };
  var trainStep = (net, loss, optimizer, params, state, x, labels, gradients = gradientsOf, pass) => {
    const { loss: value, correct, grads, settled } = gradients(net, loss, params, x, labels, pass);
    const [learned, nextState] = optimizer.step(params, grads, state);
    const nextParams = settled === void 0 ? learned : learned.map((p, i) => ({ ...p, ...settled[i] }));
    return { params: nextParams, state: nextState, loss: value, correct };
  };

  // src/train/loop.ts
  var allFinite = (params) => leavesOf(params).every(({ value }) => value.data.every(Number.isFinite));
  function* train(config, data, trainIndices, testIndices, initial, rng) {
    const { net, loss, optimizer, batchSize, progressEvery = 2e3, gradients = gradientsOf, gather = gatherBatch, evaluate: measure = evaluate } = config;
    let params = initial;
    let state = optimizer.init(params);
    let shuffler = rng;
    const history = [];
    let test;
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      let order = trainIndices;
      if (config.shuffle) {
        const [shuffled, next] = permutation(trainIndices.length, shuffler);
        shuffler = next;
        order = shuffled.map((i) => trainIndices[i]);
      }
      const total = order.length;
      let [lossSum, correct, nextReport] = [0, 0, progressEvery];
      for (let from = 0, step = 1; from < total; from += batchSize, step++) {
        const to = Math.min(from + batchSize, total);
        const { x, labels } = gather(data, order, from, to, epoch);
        const stepped = trainStep(net, loss, optimizer, params, state, x, labels, gradients, config.pass?.(epoch, step));
        if (!Number.isFinite(stepped.loss)) return { kind: "diverged", epoch, step, reason: `the loss became ${stepped.loss}` };
        params = stepped.params;
        state = stepped.state;
        lossSum += stepped.loss * (to - from);
        correct += stepped.correct;
        if (to >= nextReport || to === total) {
          yield { kind: "progress", epoch, seen: to, total, loss: lossSum / to, accuracy: correct / to };
          nextReport = to + progressEvery;
        }
      }
      if (!allFinite(params)) return { kind: "diverged", epoch, step: Math.ceil(total / batchSize), reason: "a weight stopped being a finite number" };
      test = measure(net, params, data, testIndices);
      const figures = { epoch, trainLoss: lossSum / total, trainAccuracy: correct / total, testAccuracy: test.accuracy, testLoss: test.loss };
      history.push(figures);
      yield { kind: "epoch", ...figures, test, params };
    }
    return { kind: "trained", params, test: test ?? measure(net, params, data, testIndices), history };
  }

  // src/data/split.ts
  var officialSplit = (nTrain, nTest) => {
    if (!(Number.isInteger(nTrain) && Number.isInteger(nTest) && nTrain >= 1 && nTest >= 1 && nTrain + nTest <= 2147483647)) {
      return left2(`split: the training and test sizes must be positive integers (total below 2^31), got ${nTrain} and ${nTest}`);
    }
    const train2 = new Int32ArrayRecycled(nTrain);
    for (let i = 0; i < nTrain; i++) train2[i] = i;
    const test = new Int32ArrayRecycled(nTest);
    for (let i = 0; i < nTest; i++) test[i] = nTrain + i;
    return right2({ train: train2, test });
  };

  // site/data.ts
  var fetchBytes = async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
    const bytes = new Uint8ArrayRecycled(await response.arrayBuffer());
    if (!(bytes[0] === 31 && bytes[1] === 139)) return [bytes, bytes.length];
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return [new Uint8ArrayRecycled(await new Response(stream).arrayBuffer()), bytes.length];
  };
  var orThrow = (either) => {
    if (isLeft2(either)) throw new Error(either.left);
    return either.right;
  };
  var loadHalf = async (base, prefix) => {
    const names = { images: `${prefix}-images-idx3-ubyte.gz`, labels: `${prefix}-labels-idx1-ubyte.gz` };
    const [[images, a], [labels, b]] = await Promise.all([fetchBytes(new URL(names.images, base)), fetchBytes(new URL(names.labels, base))]);
    return [orThrow(datasetOf(orThrow(parseIdx(images, names.images)), orThrow(parseIdx(labels, names.labels)), names)), a + b];
  };
  var loadDigits = async (base) => {
    const [[train2, a], [test, b]] = await Promise.all([loadHalf(base, "train"), loadHalf(base, "t10k")]);
    const split = orThrow(officialSplit(train2.count, test.count));
    return { data: orThrow(concatDatasets(train2, test)), ...split, bytes: a + b };
  };

  // site/worker.ts
  var scope = self;
  var say = (message) => scope.postMessage(message);
  var messageOf = (error) => error instanceof Error ? error.message : String(error);
  var SLICE_MS = 50;
  var REPORT_MS = 200;
  var copyParams = (params) => params.map((record2) => Object.fromEntries(Object.entries(record2).map(([name2, t]) => [name2, { shape: t.shape, data: t.data.slice() }])));
  var progressAt = (r, t) => r.fromStep === 0 ? t / r.total : r.fromProgress + (1 - r.fromProgress) * (t - r.fromStep) / (r.total - r.fromStep);
  var rateAt2 = (schedule, r, t) => {
    if (schedule === "constant") return r.base;
    if (t >= r.total) return 0;
    if (r.fromStep === 0) return r.base * (1 + Math.cos(Math.PI * t / r.total)) / 2;
    return r.base * (1 + Math.cos(Math.PI * progressAt(r, t))) / 2;
  };
  var digits;
  var loading;
  var run;
  var segmentOf = (r, indices, epochs, shuffle, rng) => {
    const carried = r.state;
    const optimizer = { ...r.optimizer, init: (params) => carried === void 0 ? r.optimizer.init(params) : carried };
    const timedEvaluate = (net, params, data, test, batch) => {
      const started = performance.now();
      const result = evaluate(net, params, data, test, batch);
      r.evalMs += performance.now() - started;
      return result;
    };
    const keyed = needsPass(r.net) ? trainingPass(r.settings.seed) : void 0;
    const pass = keyed && ((epoch, step) => keyed(r.epochBase + epoch, (epoch === 1 ? r.stepBase : 0) + step));
    const gradients = (net, loss, params, x, labels, p) => {
      const g = gradientsOf(net, loss, params, x, labels, p);
      r.settled = g.settled;
      return g;
    };
    const config = {
      net: r.net,
      loss: softmaxCrossEntropy,
      optimizer,
      epochs,
      batchSize: r.batchSize,
      shuffle,
      progressEvery: r.batchSize,
      gather: gatherBatchFast,
      evaluate: timedEvaluate,
      gradients,
      ...pass === void 0 ? {} : { pass }
    };
    return train(config, r.digits.data, indices, r.digits.test, r.params, rng);
  };
  var startRun = (s, d) => {
    const built = buildNetwork(s.arch, [1, d.data.rows, d.data.cols], d.data.classes, fastKernels);
    if (isLeft2(built)) return `--arch: ${built.left}`;
    const budget = checkBudget(built.right, Math.max(s.batchSize, EVALUATION_BATCH));
    if (isLeft2(budget)) return `--arch: ${budget.left}`;
    const small = batchTooSmall(built.right, s.batchSize);
    if (small !== void 0) return `--arch: ${small}`;
    const [initial, rng] = initParams(built.right, seedRng(s.seed));
    const stepsPerEpoch = Math.ceil(d.train.length / s.batchSize);
    const lr = (t) => rateAt2(s.schedule, r.rate, t);
    const optimizer = s.optimizer === "sgd" ? sgd(lr) : s.optimizer === "momentum" ? momentum(lr) : adamFast({ lr });
    const watched = {
      ...optimizer,
      step: (params, grads, state) => {
        const stepped = optimizer.step(params, grads, state);
        const settled = r.settled;
        r.params = settled === void 0 ? stepped[0] : stepped[0].map((p, i) => ({ ...p, ...settled[i] }));
        r.state = stepped[1];
        r.steps++;
        return stepped;
      }
    };
    const r = {
      settings: s,
      net: arrangeForSpeed(built.right),
      digits: d,
      optimizer: watched,
      rate: { base: s.lr, total: s.epochs * stepsPerEpoch, fromStep: 0, fromProgress: 0 },
      batchSize: s.batchSize,
      running: true,
      params: initial,
      settled: void 0,
      state: void 0,
      steps: 0,
      rng,
      segment: void 0,
      epochBase: 0,
      seenBase: 0,
      lossBase: 0,
      correctBase: 0,
      stepBase: 0,
      epoch: 1,
      seen: 0,
      lossSum: 0,
      correct: 0,
      epochFirstStep: 1,
      epochDone: false,
      samples: 0,
      trainMs: 0,
      evalMs: 0,
      window: { samples: 0, lossSum: 0, correct: 0, trainMs: 0, time: performance.now() },
      pendingBatchSize: void 0
    };
    r.segment = segmentOf(r, d.train, s.epochs, s.shuffle, rng);
    return r;
  };
  var changeBatchSize = (r, batchSize) => {
    const n = r.digits.train.length;
    const { epochs, shuffle } = r.settings;
    const atEnd = r.seen >= n;
    const epoch = atEnd ? r.epoch + 1 : r.epoch;
    const seen = atEnd ? 0 : r.seen;
    let rng = r.rng;
    let order = r.digits.train;
    for (let e = 1; e <= Math.min(epoch, epochs) && shuffle; e++) {
      const [shuffled, next] = permutation(n, rng);
      rng = next;
      order = shuffled.map((i) => r.digits.train[i]);
    }
    const left3 = (seen > 0 ? Math.ceil((n - seen) / batchSize) : 0) + (epochs - epoch + (seen > 0 ? 0 : 1)) * Math.ceil(n / batchSize);
    r.rate = { base: r.rate.base, total: r.steps + left3, fromStep: r.steps, fromProgress: progressAt(r.rate, r.steps) };
    r.batchSize = batchSize;
    if (seen > 0) {
      const rest = segmentOf(r, order.slice(seen), 1, false, rng);
      const after = rng;
      [r.epochBase, r.seenBase, r.lossBase, r.correctBase, r.stepBase] = [epoch - 1, seen, r.lossSum, r.correct, r.steps - r.epochFirstStep + 1];
      r.segment = (function* chained() {
        const first = yield* rest;
        if (first.kind === "diverged" || epoch >= epochs) return first;
        [r.epochBase, r.seenBase, r.lossBase, r.correctBase, r.stepBase] = [epoch, 0, 0, 0, 0];
        const outcome = yield* segmentOf(r, r.digits.train, epochs - epoch, shuffle, after);
        return outcome;
      })();
    } else {
      ;
      [r.epochBase, r.seenBase, r.lossBase, r.correctBase, r.stepBase] = [epoch - 1, 0, 0, 0, 0];
      let before = r.rng;
      for (let e = 1; e < epoch && shuffle; e++) before = permutation(n, before)[1];
      r.segment = segmentOf(r, r.digits.train, epochs - epoch + 1, shuffle, before);
    }
  };
  var record = (r, p) => {
    const epoch = r.epochBase + p.epoch;
    if (epoch !== r.epoch) {
      r.epoch = epoch;
      r.seen = 0;
      r.lossSum = 0;
      r.correct = 0;
      r.epochFirstStep = r.steps;
      r.epochDone = false;
    }
    const base = p.epoch === 1 ? r.seenBase : 0;
    const seen = base + p.seen;
    const lossSum = (p.epoch === 1 ? r.lossBase : 0) + p.loss * p.seen;
    const correct = (p.epoch === 1 ? r.correctBase : 0) + p.accuracy * p.seen;
    const w = r.window;
    w.samples += seen - r.seen;
    w.lossSum += lossSum - r.lossSum;
    w.correct += correct - r.correct;
    r.samples += seen - r.seen;
    r.seen = seen;
    r.lossSum = lossSum;
    r.correct = correct;
  };
  var report = (r) => {
    const w = r.window;
    if (w.samples === 0) return;
    const ms = r.trainMs - w.trainMs;
    say({
      type: "progress",
      epoch: r.epoch,
      seen: r.seen,
      total: r.digits.train.length,
      samples: r.samples,
      loss: w.lossSum / w.samples,
      accuracy: w.correct / w.samples,
      samplesPerSecond: ms > 0 ? w.samples / ms * 1e3 : 0,
      averageSamplesPerSecond: r.trainMs > 0 ? r.samples / r.trainMs * 1e3 : 0,
      params: copyParams(r.params)
    });
    r.window = { samples: 0, lossSum: 0, correct: 0, trainMs: r.trainMs, time: performance.now() };
  };
  var channel = new MessageChannel();
  var later = () => channel.port2.postMessage(null);
  channel.port1.onmessage = () => pump();
  var advance = (r, clock) => {
    const next = r.segment.next();
    if (next.done === true) return next.value;
    if (next.value.kind === "progress") {
      record(r, next.value);
      return void 0;
    }
    const { epoch, trainLoss, trainAccuracy, testAccuracy, params } = next.value;
    const n = r.digits.train.length;
    const partial = epoch === 1 && r.seenBase > 0;
    r.epochDone = true;
    clock();
    report(r);
    say({
      type: "epoch",
      epoch: r.epochBase + epoch,
      samples: r.samples,
      // After a batch-size change inside an epoch, its figures join the two parts.
      trainLoss: partial ? (r.lossBase + trainLoss * (n - r.seenBase)) / n : trainLoss,
      trainAccuracy: partial ? (r.correctBase + trainAccuracy * (n - r.seenBase)) / n : trainAccuracy,
      testAccuracy,
      params: copyParams(params)
    });
    return void 0;
  };
  var finish2 = (r, outcome) => {
    run = void 0;
    if (outcome.kind === "diverged") {
      const step = outcome.epoch === 1 ? outcome.step + r.stepBase : outcome.step;
      say({ type: "done", outcome: "diverged", message: `training diverged in epoch ${r.epochBase + outcome.epoch} at step ${step} (${outcome.reason}); try a lower learning rate` });
    } else {
      report(r);
      say({ type: "done", outcome: "trained", message: `trained on ${r.samples.toLocaleString("en-US")} samples in ${(r.trainMs / 1e3).toFixed(1)} s` });
    }
  };
  var pump = () => {
    const r = run;
    if (r === void 0 || !r.running) return;
    let outcome;
    let sliceStart = performance.now();
    let evalBefore = r.evalMs;
    const clock = () => {
      const now = performance.now();
      r.trainMs += now - sliceStart - (r.evalMs - evalBefore);
      sliceStart = now;
      evalBefore = r.evalMs;
    };
    try {
      while (outcome === void 0 && performance.now() - sliceStart < SLICE_MS) outcome = advance(r, clock);
    } catch (error) {
      run = void 0;
      say({ type: "failed", message: `training stopped: ${messageOf(error)}` });
      return;
    }
    clock();
    if (outcome !== void 0) {
      finish2(r, outcome);
      return;
    }
    if (performance.now() - r.window.time >= REPORT_MS) report(r);
    later();
  };
  var change = (r, setting) => {
    if ("lr" in setting) {
      r.rate = { ...r.rate, base: setting.lr };
      say({ type: "changed", step: r.steps + 1, setting });
    } else {
      r.pendingBatchSize = setting.batchSize;
    }
  };
  var waiting;
  var begin = (settings, d, changes) => {
    const started = startRun(settings, d);
    if (typeof started === "string") {
      say({ type: "failed", message: started });
      return;
    }
    run = started;
    for (const setting of changes) change(started, setting);
    resume(started);
  };
  var resume = (r) => {
    if (r.pendingBatchSize !== void 0) {
      const batchSize = r.pendingBatchSize;
      r.pendingBatchSize = void 0;
      if (batchSize !== r.batchSize) {
        if (r.seen >= r.digits.train.length && !r.epochDone) {
          const outcome = advance(r, () => {
          });
          if (outcome !== void 0) {
            finish2(r, outcome);
            return;
          }
        }
        changeBatchSize(r, batchSize);
        say({ type: "changed", step: r.steps + 1, setting: { batchSize } });
      }
    }
    r.running = true;
    later();
  };
  var load2 = () => {
    loading ??= loadDigits(new URL("data/", scope.location.href)).then((loaded) => {
      digits = loaded;
      say({ type: "ready", train: loaded.train.length, test: loaded.test.length, bytes: loaded.bytes, testFingerprint: samplesFingerprint(loaded.data, loaded.test) });
      return loaded;
    });
    return loading;
  };
  var handle = (message) => {
    if (message.type === "reset") {
      run = void 0;
      waiting = void 0;
    } else if (message.type === "pause") {
      if (run !== void 0) run.running = false;
      waiting = void 0;
      say({ type: "paused" });
    } else if (message.type === "set") {
      if (run !== void 0) change(run, message.setting);
      else waiting?.changes.push(message.setting);
    } else if (run !== void 0) {
      resume(run);
    } else if (digits !== void 0) {
      begin(message.settings, digits, []);
    } else {
      waiting = { settings: message.settings, changes: [] };
      say({ type: "loading" });
      load2().then(
        (loaded) => {
          if (waiting === void 0) return;
          const { settings, changes } = waiting;
          waiting = void 0;
          begin(settings, loaded, changes);
        },
        (error) => {
          loading = void 0;
          waiting = void 0;
          say({ type: "failed", message: `could not load the training digits: ${messageOf(error)}` });
        }
      );
    }
  };
  scope.onmessage = (event) => {
    try {
      handle(event.data);
    } catch (error) {
      run = void 0;
      say({ type: "failed", message: messageOf(error) });
    }
  };
})();
