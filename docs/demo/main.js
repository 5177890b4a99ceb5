// Built by `npm run site` from site/*.ts and the library in src/: edit those, not this file.
"use strict";
(() => {
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
  var dual = function(arity, body) {
    var isDataFirst = typeof arity === "number" ? function(args) {
      return args.length >= arity;
    } : arity;
    return function() {
      var args = Array.from(arguments);
      if (isDataFirst(arguments)) {
        return body.apply(this, args);
      }
      return function(self) {
        return body.apply(void 0, __spreadArray([self], args, false));
      };
    };
  };

  // node_modules/fp-ts/es6/internal.js
  var isLeft = function(ma) {
    return ma._tag === "Left";
  };
  var isRight = function(ma) {
    return ma._tag === "Right";
  };
  var left = function(e) {
    return { _tag: "Left", left: e };
  };
  var right = function(a) {
    return { _tag: "Right", right: a };
  };
  var isNonEmpty = function(as3) {
    return as3.length > 0;
  };
  var head = function(as3) {
    return as3[0];
  };
  var emptyReadonlyArray = [];
  var emptyRecord = {};

  // node_modules/fp-ts/es6/Apply.js
  function apS(F) {
    return function(name2, fb) {
      return function(fa) {
        return F.ap(F.map(fa, function(a) {
          return function(b) {
            var _a;
            return Object.assign({}, a, (_a = {}, _a[name2] = b, _a));
          };
        }), fb);
      };
    };
  }

  // node_modules/fp-ts/es6/Functor.js
  function as(F) {
    return function(self, b) {
      return F.map(self, function() {
        return b;
      });
    };
  }
  function asUnit(F) {
    var asM = as(F);
    return function(self) {
      return asM(self, void 0);
    };
  }

  // node_modules/fp-ts/es6/Chain.js
  function tap(M) {
    return function(first, f) {
      return M.chain(first, function(a) {
        return M.map(f(a), function() {
          return a;
        });
      });
    };
  }
  function bind(M) {
    return function(name2, f) {
      return function(ma) {
        return M.chain(ma, function(a) {
          return M.map(f(a), function(b) {
            var _a;
            return Object.assign({}, a, (_a = {}, _a[name2] = b, _a));
          });
        });
      };
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
  var of = right2;
  var apW = function(fa) {
    return function(fab) {
      return isLeft2(fab) ? fab : isLeft2(fa) ? fa : right2(fab.right(fa.right));
    };
  };
  var ap = apW;
  var Apply = {
    URI,
    map: _map,
    ap: _ap
  };
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
  var isRight2 = isRight;
  var tap2 = /* @__PURE__ */ dual(2, tap(Chain));
  var _FromEither = {
    fromEither: FromEither.fromEither
  };
  var Do = /* @__PURE__ */ of(emptyRecord);
  var bind2 = /* @__PURE__ */ bind(Chain);
  var apS2 = /* @__PURE__ */ apS(Apply);
  var ApT = /* @__PURE__ */ of(emptyReadonlyArray);
  var traverseReadonlyNonEmptyArrayWithIndex = function(f) {
    return function(as3) {
      var e = f(0, head(as3));
      if (isLeft2(e)) {
        return e;
      }
      var out = [e.right];
      for (var i = 1; i < as3.length; i++) {
        var e_1 = f(i, as3[i]);
        if (isLeft2(e_1)) {
          return e_1;
        }
        out.push(e_1.right);
      }
      return right2(out);
    };
  };
  var traverseReadonlyArrayWithIndex = function(f) {
    var g = traverseReadonlyNonEmptyArrayWithIndex(f);
    return function(as3) {
      return isNonEmpty(as3) ? g(as3) : ApT;
    };
  };
  var traverseArray = function(f) {
    return traverseReadonlyArrayWithIndex(function(_, a) {
      return f(a);
    });
  };
  var sequenceArray = /* @__PURE__ */ traverseArray(identity);
  var chain = flatMap;

  // src/core/memory.ts
  var float32 = (n) => new Float32Array(n);
  var int32 = (n) => new Int32Array(n);
  var floatsLike = (like, n) => like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);

  // src/core/shape.ts
  var sizeOf = (shape) => shape.reduce((a, b) => a * b, 1);
  var sameShape = (a, b) => a.length === b.length && a.every((size, axis) => size === b[axis]);
  var showShape = (shape) => `[${shape.join(", ")}]`;
  var isValidShape = (shape) => shape.length > 0 && shape.every((size) => Number.isInteger(size) && size > 0);

  // src/core/tensor.ts
  var tensor = (shape, data) => {
    const whole = shape.every((size) => Number.isInteger(size) && size >= 0);
    if (!whole || sizeOf(shape) !== data.length) {
      throw new RangeError(`tensor: shape ${showShape(shape)} ${whole ? `holds ${sizeOf(shape)} numbers, data has ${data.length}` : "must list whole numbers from 0 up"}`);
    }
    return { shape, data };
  };
  var zeros = (shape) => tensor(shape, float32(sizeOf(shape)));
  var reshape = (x, shape) => tensor(shape, x.data);
  var batchOf = (x) => x.shape[0];
  var sampleShapeOf = (x) => x.shape.slice(1);

  // src/kernels/softmaxCrossEntropy.ts
  var logSumExp = (logits, row, J) => {
    let max = logits[row];
    for (let j = 1; j < J; j++) max = Math.max(max, logits[row + j]);
    let sum = 0;
    for (let j = 0; j < J; j++) sum += Math.exp(logits[row + j] - max);
    return max + Math.log(sum);
  };
  var softmax = (logits, N, J) => {
    const probs = floatsLike(logits, N * J);
    for (let n = 0; n < N; n++) {
      const row = n * J;
      const lse = logSumExp(logits, row, J);
      for (let j = 0; j < J; j++) probs[row + j] = Math.exp(logits[row + j] - lse);
    }
    return probs;
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
  var forward = (net, params, x) => {
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
      const [out, cache] = net.layers[i].forward(params[i], y);
      caches[i] = cache;
      y = out;
    }
    return [y, caches];
  };

  // src/model/predict.ts
  var argmaxRows = (values, N, J) => {
    const classes = new Int32Array(N);
    for (let n = 0; n < N; n++) {
      let best = 0;
      for (let j = 1; j < J; j++) if (values[n * J + j] > values[n * J + best]) best = j;
      classes[n] = best;
    }
    return classes;
  };
  var logitsOf = (net, params, x) => forward(net, params, x)[0];
  var classify = (net, params, x) => {
    const logits = logitsOf(net, params, x);
    const N = batchOf(logits);
    return argmaxRows(logits.data, N, logits.data.length / N);
  };

  // site/backward.ts
  var createBackward = (root) => {
    root.textContent = "";
    return { setModel: () => {
    }, setInput: () => {
    } };
  };

  // site/preprocess.ts
  var FIELD = 28;
  var BOX = 20;
  var boundingBox = (ink, H, W, threshold = 0.02) => {
    let [top, left3, bottom, right3] = [H, W, -1, -1];
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        if (ink[y * W + x] > threshold) {
          if (y < top) top = y;
          if (y > bottom) bottom = y;
          if (x < left3) left3 = x;
          if (x > right3) right3 = x;
        }
      }
    }
    return bottom < 0 ? void 0 : { top, left: left3, height: bottom - top + 1, width: right3 - left3 + 1 };
  };
  var areaWeights = (n, m) => {
    const w = new Float64Array(m * n);
    const step = n / m;
    for (let j = 0; j < m; j++) {
      const from = j * step;
      const to = from + step;
      for (let i = Math.floor(from); i < Math.min(n, Math.ceil(to)); i++) {
        const overlap = Math.min(to, i + 1) - Math.max(from, i);
        if (overlap > 0) w[j * n + i] = overlap / step;
      }
    }
    return w;
  };
  var resampleArea = (ink, W, box, th, tw) => {
    const { top, left: left3, height: h, width: w } = box;
    const wx = areaWeights(w, tw);
    const wy = areaWeights(h, th);
    const rows = new Float64Array(h * tw);
    for (let y = 0; y < h; y++) {
      for (let j = 0; j < tw; j++) {
        let sum = 0;
        for (let x = 0; x < w; x++) sum += wx[j * w + x] * ink[(top + y) * W + left3 + x];
        rows[y * tw + j] = sum;
      }
    }
    const out = new Float32Array(th * tw);
    for (let i = 0; i < th; i++) {
      for (let j = 0; j < tw; j++) {
        let sum = 0;
        for (let y = 0; y < h; y++) sum += wy[i * h + y] * rows[y * tw + j];
        out[i * tw + j] = Math.min(1, sum);
      }
    }
    return out;
  };
  var centreOfMass = (image, h, w) => {
    let [mass, sy, sx] = [0, 0, 0];
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const m = image[y * w + x];
        mass += m;
        sy += m * (y + 0.5);
        sx += m * (x + 0.5);
      }
    }
    return mass > 0 ? [sy / mass, sx / mass] : [h / 2, w / 2];
  };
  var mnistInput = (ink, H, W) => {
    const box = boundingBox(ink, H, W);
    if (box === void 0) return void 0;
    const scale = BOX / Math.max(box.height, box.width);
    const th = Math.max(1, Math.round(box.height * scale));
    const tw = Math.max(1, Math.round(box.width * scale));
    const digit = resampleArea(ink, W, box, th, tw);
    const [cy, cx] = centreOfMass(digit, th, tw);
    const clamp = (v, hi) => Math.min(Math.max(v, 0), hi);
    const oy = clamp(Math.round(FIELD / 2 - cy), FIELD - th);
    const ox = clamp(Math.round(FIELD / 2 - cx), FIELD - tw);
    const out = new Float32Array(FIELD * FIELD);
    for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) out[(oy + y) * FIELD + ox + x] = digit[y * tw + x];
    return out;
  };

  // site/draw.ts
  var PAD = 280;
  var PEN = 20;
  var createPad = (canvas, onInput) => {
    canvas.width = PAD;
    canvas.height = PAD;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    if (context === null) throw new Error("this browser cannot draw on a canvas");
    context.lineCap = "round";
    context.lineJoin = "round";
    context.lineWidth = PEN;
    context.strokeStyle = "#000";
    let last;
    let queued = false;
    const at = (event) => {
      const box = canvas.getBoundingClientRect();
      return [(event.clientX - box.left) / box.width * PAD, (event.clientY - box.top) / box.height * PAD];
    };
    const update = () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        const rgba = context.getImageData(0, 0, PAD, PAD).data;
        const ink = new Float32Array(PAD * PAD);
        for (let p = 0; p < ink.length; p++) ink[p] = rgba[p * 4 + 3] / 255;
        onInput(mnistInput(ink, PAD, PAD));
      });
    };
    const segment = (to) => {
      const from = last ?? to;
      context.beginPath();
      context.moveTo(from[0], from[1]);
      context.lineTo(to[0], to[1]);
      context.stroke();
      last = to;
    };
    canvas.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      last = void 0;
      segment(at(event));
      update();
    });
    canvas.addEventListener("pointermove", (event) => {
      if (last === void 0) return;
      const events = typeof event.getCoalescedEvents === "function" ? event.getCoalescedEvents() : [];
      for (const e of events.length > 0 ? events : [event]) segment(at(e));
      update();
    });
    const end = () => {
      last = void 0;
    };
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    return {
      clear: () => {
        context.clearRect(0, 0, PAD, PAD);
        last = void 0;
        onInput(void 0);
      },
      show: (pixels) => {
        context.clearRect(0, 0, PAD, PAD);
        const cell = PAD / 28;
        for (let p = 0; p < 784; p++) {
          if (pixels[p] === 0) continue;
          context.fillStyle = `rgb(0 0 0 / ${(pixels[p] / 255).toFixed(3)})`;
          context.fillRect(p % 28 * cell, Math.floor(p / 28) * cell, cell, cell);
        }
        const input2 = new Float32Array(784);
        for (let p = 0; p < 784; p++) input2[p] = pixels[p] / 255;
        onInput(input2);
      }
    };
  };

  // src/model/trace.ts
  var forwardTrace = (net, params, x) => {
    const outputs = [];
    let y = x;
    for (let i = 0; i < net.layers.length; i++) {
      y = net.layers[i].forward(params[i], y)[0];
      outputs.push(y);
    }
    return outputs;
  };

  // site/arithmetic.ts
  var kindOf = (name2) => {
    const conv = /^conv(\d+)x(\d+)x(\d+)(?:p(\d+))?(?:s(\d+))?(b)?$/.exec(name2);
    if (conv) return { kind: "conv", kH: Number(conv[1]), kW: Number(conv[2]), filters: Number(conv[3]), pad: Number(conv[4] ?? 0), stride: Number(conv[5] ?? 1), bias: conv[6] === "b" };
    const pool = /^pool(\d+)(?:s(\d+))?$/.exec(name2);
    if (pool) return { kind: "pool", size: Number(pool[1]), stride: Number(pool[2] ?? pool[1]) };
    const dense2 = /^dense(\d+)$/.exec(name2);
    if (dense2) return { kind: "dense", outputs: Number(dense2[1]) };
    if (name2 === "flatten") return { kind: "flatten" };
    if (name2 === "relu") return { kind: "activation", name: "relu", alpha: 0 };
    if (name2 === "tanh" || name2 === "sigmoid") return { kind: "activation", name: name2, alpha: 0 };
    const lrelu = /^lrelu(\d*\.?\d+)?$/.exec(name2);
    if (lrelu) return { kind: "activation", name: "lrelu", alpha: lrelu[1] === void 0 ? 0.01 : Number(lrelu[1]) };
    throw new Error(`not a layer name: ${name2}`);
  };
  var convTerms = (layer, x, weights, bias, k, i, j) => {
    const { kH, kW, pad: pad2, stride } = layer;
    const channels = [];
    let value = 0;
    for (let c = 0; c < x.C; c++) {
      const window2 = [];
      const kernel = [];
      let sum = 0;
      for (let u = 0; u < kH; u++) {
        for (let v = 0; v < kW; v++) {
          const [h, w] = [i * stride + u - pad2, j * stride + v - pad2];
          const xv = h >= 0 && h < x.H && w >= 0 && w < x.W ? x.data[(c * x.H + h) * x.W + w] : 0;
          const wv = weights[((k * x.C + c) * kH + u) * kW + v];
          window2.push(xv);
          kernel.push(wv);
          sum += xv * wv;
        }
      }
      channels.push({ window: window2, kernel, sum });
      value += sum;
    }
    const b = bias === void 0 ? void 0 : bias[k];
    return { kind: "conv", kH, kW, channels, bias: b, value: value + (b ?? 0) };
  };
  var poolTerms = (layer, x, c, i, j) => {
    const window2 = [];
    let winner = 0;
    for (let u = 0; u < layer.size; u++) {
      for (let v = 0; v < layer.size; v++) {
        window2.push(x.data[(c * x.H + i * layer.stride + u) * x.W + j * layer.stride + v]);
        if (window2[window2.length - 1] > window2[winner]) winner = window2.length - 1;
      }
    }
    return { kind: "pool", size: layer.size, window: window2, winner, value: window2[winner] };
  };
  var activationTerms = (layer, input2) => {
    const value = layer.name === "tanh" ? Math.tanh(input2) : layer.name === "sigmoid" ? 1 / (1 + Math.exp(-input2)) : input2 > 0 ? input2 : layer.alpha * input2;
    return { kind: "activation", name: layer.name, alpha: layer.alpha, input: input2, value };
  };
  var num = (v) => {
    const text = v.toFixed(3);
    return text === "-0.000" ? "0.000" : text.replace("-", "−");
  };
  var factor = (v) => v < 0 && num(v) !== "0.000" ? `(${num(v)})` : num(v);
  var formatTerms = (t) => {
    if (t.kind === "pool") return `max(${t.window.map(num).join(", ")}) = ${num(t.value)}`;
    if (t.kind === "activation") {
      if (t.name === "tanh") return `tanh(${num(t.input)}) = ${num(t.value)}`;
      if (t.name === "sigmoid") return `σ(${num(t.input)}) = 1 / (1 + e^${factor(-t.input)}) = ${num(t.value)}`;
      return t.input > 0 ? `${t.name}(${num(t.input)}) = ${num(t.value)}` : `${t.name}(${num(t.input)}) = ${t.alpha} · ${factor(t.input)} = ${num(t.value)}`;
    }
    const bias = t.bias === void 0 ? "" : ` + ${factor(t.bias)}`;
    if (t.channels.length === 1) {
      const products = t.channels[0].window.map((x, n) => `${factor(x)}·${factor(t.channels[0].kernel[n])}`);
      return `${products.join(" + ")}${bias} = ${num(t.value)}`;
    }
    return `${t.channels.map((c) => factor(c.sum)).join(" + ")}${bias} = ${num(t.value)}`;
  };

  // site/render.ts
  var BLUE = [33, 102, 172];
  var WHITE = [247, 247, 247];
  var RED = [178, 24, 43];
  var mix = (a, b, t) => [
    Math.round(a[0] + (b[0] - a[0]) * t),
    Math.round(a[1] + (b[1] - a[1]) * t),
    Math.round(a[2] + (b[2] - a[2]) * t)
  ];
  var greyScale = (v) => {
    const g = Math.round(255 * (1 - Math.min(1, Math.max(0, v))));
    return [g, g, g];
  };
  var divergingScale = (m) => {
    const inv = m > 0 ? 1 / m : 0;
    return (v) => {
      const t = Math.max(-1, Math.min(1, v * inv));
      return t < 0 ? mix(WHITE, BLUE, -t) : mix(WHITE, RED, t);
    };
  };
  var maxAbs = (values, from = 0, to = values.length) => {
    let m = 1e-6;
    for (let i = from; i < to; i++) m = Math.max(m, Math.abs(values[i]));
    return m;
  };
  var robustMax = (values, q = 0.98) => {
    const magnitudes = Float64Array.from(values, Math.abs).sort();
    return Math.max(1e-6, magnitudes[Math.min(magnitudes.length - 1, Math.floor(q * magnitudes.length))] ?? 0);
  };
  var paintMap = (canvas, values, offset, H, W, scale) => {
    if (canvas.width !== W) canvas.width = W;
    if (canvas.height !== H) canvas.height = H;
    const context = canvas.getContext("2d");
    if (context === null) return;
    const image = context.createImageData(W, H);
    for (let p = 0; p < H * W; p++) {
      const [r, g, b] = scale(values[offset + p]);
      image.data.set([r, g, b, 255], p * 4);
    }
    context.putImageData(image, 0, 0);
  };
  var paintMosaic = (canvas, values, C, H, W, scale, columns = Math.ceil(Math.sqrt(C))) => {
    const rows = Math.ceil(C / columns);
    const [width, height] = [columns * (W + 1) - 1, rows * (H + 1) - 1];
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const context = canvas.getContext("2d");
    if (context === null) return;
    const image = context.createImageData(width, height);
    for (let c = 0; c < C; c++) {
      const [top, left3] = [Math.floor(c / columns) * (H + 1), c % columns * (W + 1)];
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const [r, g, b] = scale(values[(c * H + y) * W + x]);
          image.data.set([r, g, b, 255], ((top + y) * width + left3 + x) * 4);
        }
      }
    }
    context.putImageData(image, 0, 0);
  };
  var drawChart = (canvas, series, options) => {
    const ratio = window.devicePixelRatio || 1;
    const [cssW, cssH] = [canvas.clientWidth || 300, canvas.clientHeight || 160];
    canvas.width = Math.round(cssW * ratio);
    canvas.height = Math.round(cssH * ratio);
    const context = canvas.getContext("2d");
    if (context === null) return;
    context.scale(ratio, ratio);
    context.clearRect(0, 0, cssW, cssH);
    const [left3, right3, top, bottom] = [44, 8, 8, 22];
    const plotW = cssW - left3 - right3;
    const plotH = cssH - top - bottom;
    const sx = (x) => left3 + (options.xMax > 0 ? x / options.xMax * plotW : 0);
    const sy = (y) => top + plotH - (Math.min(options.yMax, Math.max(options.yMin, y)) - options.yMin) / (options.yMax - options.yMin) * plotH;
    context.font = "11px system-ui, sans-serif";
    context.fillStyle = "#555";
    context.strokeStyle = "#ddd";
    context.lineWidth = 1;
    for (let k = 0; k <= 4; k++) {
      const v = options.yMin + (options.yMax - options.yMin) * k / 4;
      const y = Math.round(sy(v)) + 0.5;
      context.beginPath();
      context.moveTo(left3, y);
      context.lineTo(left3 + plotW, y);
      context.stroke();
      context.textAlign = "right";
      context.textBaseline = "middle";
      context.fillText(options.yLabel(v), left3 - 4, y);
    }
    context.textAlign = "center";
    context.textBaseline = "alphabetic";
    const every = Math.max(1, Math.round(options.xMax / 5));
    for (let x = 0; x <= options.xMax - every / 2; x += every) context.fillText(String(x), sx(x), cssH - 6);
    context.textAlign = "right";
    context.fillText(options.xLabel, left3 + plotW, cssH - 6);
    for (const s of series) {
      context.strokeStyle = s.colour;
      context.fillStyle = s.colour;
      context.lineWidth = 1.5;
      context.beginPath();
      s.points.forEach(([x, y], n) => n === 0 ? context.moveTo(sx(x), sy(y)) : context.lineTo(sx(x), sy(y)));
      context.stroke();
      if (s.dots === true) {
        for (const [x, y] of s.points) {
          context.beginPath();
          context.arc(sx(x), sy(y), 2.5, 0, 2 * Math.PI);
          context.fill();
        }
      }
    }
  };

  // site/flow.ts
  var ANNOTATED = "../annotated/";
  var explainedIn = {
    input: ["data/dataset.html", "data/dataset.ts"],
    conv: ["layers/conv2d.html#conv2d", "layers/conv2d.ts"],
    activation: ["layers/activations.html", "layers/activations.ts"],
    pool: ["layers/maxPool.html#maxPool", "layers/maxPool.ts"],
    dense: ["layers/dense.html#dense", "layers/dense.ts"],
    flatten: ["layers/flatten.html#flatten", "layers/flatten.ts"],
    softmax: ["layers/softmaxCrossEntropy.html#softmaxCrossEntropy", "layers/softmaxCrossEntropy.ts"]
  };
  var describe = (kind) => {
    if (kind === void 0) return "the input";
    if (kind.kind === "conv") return `convolution: ${kind.filters} filter${kind.filters === 1 ? "" : "s"} of ${kind.kH}×${kind.kW}${kind.pad ? `, padding ${kind.pad}` : ""}${kind.stride !== 1 ? `, stride ${kind.stride}` : ""}`;
    if (kind.kind === "activation") return kind.name === "lrelu" ? `leaky ReLU, max(x, ${kind.alpha}·x)` : kind.name === "relu" ? "ReLU, max(x, 0)" : kind.name;
    if (kind.kind === "pool") return `max pooling over ${kind.size}×${kind.size} windows${kind.stride !== kind.size ? `, stride ${kind.stride}` : ""}`;
    if (kind.kind === "dense") return `dense layer to ${kind.outputs} values`;
    return "flatten";
  };
  var element = (tag, className = "", text = "") => {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  };
  var createFlow = (root, explain, bars) => {
    let model;
    let input2;
    let structure = "";
    let stages = [];
    let trace;
    let probe;
    const mapsOf = (layer) => {
      if (trace === void 0 || model === void 0) return void 0;
      const t = layer < 0 ? trace.x : trace.outputs[layer];
      const shape = model.net.shapes[layer + 1];
      return { data: t.data, C: shape[0], H: shape[1], W: shape[2] };
    };
    const stageBox = (title, kind, what, wide = false) => {
      const box = element("section", wide ? "stage wide" : "stage");
      const head2 = element("header", "stage-head");
      head2.append(element("h3", "", title), element("p", "stage-what", what));
      const [href, file] = explainedIn[kind];
      const link = element("a", "stage-link", `explained in ${file}`);
      link.href = ANNOTATED + href;
      head2.append(link);
      const body = element("div", "stage-body");
      box.append(head2, body);
      root.append(box);
      return { box, body };
    };
    const buildMaps = (layer, shape, title, kind, what) => {
      const [C, H, W] = shape;
      const { box, body } = stageBox(title, kind, what, C > 2);
      if (layer < 0) box.classList.add("input");
      const canvases = [];
      const probes = [];
      const grid = element("div", "maps");
      grid.classList.add(C === 1 ? "one" : C <= 8 ? "few" : "many");
      for (let c = 0; c < C; c++) {
        const figure = element("figure", "map");
        const frame2 = element("div", "map-frame");
        const canvas = element("canvas");
        canvas.width = W;
        canvas.height = H;
        const mark = element("div", "probe");
        mark.hidden = true;
        frame2.append(canvas, mark);
        figure.append(frame2);
        if (C > 1) figure.append(element("figcaption", "", `${c + 1}`));
        grid.append(figure);
        canvases.push(canvas);
        probes.push(mark);
      }
      const values = element("p", "stage-range");
      body.append(grid, values);
      const stage = { kind: "maps", layer, canvases, probes, values, C, H, W };
      if (layer >= 0) {
        grid.tabIndex = 0;
        grid.setAttribute("role", "group");
        grid.setAttribute("aria-label", `${title}: ${C} map${C === 1 ? "" : "s"} of ${H}×${W}. Arrow keys move through the values, [ and ] change the map; the arithmetic is shown below the panel.`);
        canvases.forEach((canvas, c) => {
          const point = (event) => {
            const y = Math.min(H - 1, Math.floor(event.offsetY / canvas.clientHeight * H));
            const x = Math.min(W - 1, Math.floor(event.offsetX / canvas.clientWidth * W));
            showProbe({ stage, c, y, x });
          };
          canvas.addEventListener("pointermove", point);
          canvas.addEventListener("pointerdown", point);
        });
        grid.addEventListener("keydown", (event) => {
          const p = probe?.stage === stage ? probe : { stage, c: 0, y: Math.floor(H / 2), x: Math.floor(W / 2) };
          const moves = {
            ArrowUp: [0, -1, 0],
            ArrowDown: [0, 1, 0],
            ArrowLeft: [0, 0, -1],
            ArrowRight: [0, 0, 1],
            "[": [-1, 0, 0],
            "]": [1, 0, 0]
          };
          const move = moves[event.key];
          if (move === void 0) return;
          event.preventDefault();
          showProbe({ stage, c: (p.c + move[0] + C) % C, y: Math.min(H - 1, Math.max(0, p.y + move[1])), x: Math.min(W - 1, Math.max(0, p.x + move[2])) });
        });
        grid.addEventListener("focus", () => showProbe(probe?.stage === stage ? probe : { stage, c: 0, y: Math.floor(H / 2), x: Math.floor(W / 2) }));
      }
      return stage;
    };
    const buildVector = (layer, O, title, what) => {
      const { body } = stageBox(title, "dense", what);
      const canvas = element("canvas", "strip");
      canvas.width = O;
      canvas.height = 1;
      body.append(canvas);
      return { kind: "vector", layer, canvas };
    };
    const buildTemplates = (layer, inShape, title) => {
      const F = inShape.reduce((a, b) => a * b, 1);
      const { body } = stageBox(title, "dense", `template matching: each class's ${F} weights w, folded back to the ${inShape.join("×")} shape of the layer's input x, are multiplied by x term by term and summed; plus the bias b, that is the class's score`, true);
      const head2 = element("div", "tm-head");
      const inputCanvas = element("canvas", "tm-input");
      head2.append(inputCanvas, element("p", "tm-note", `x, the layer's input (${inShape.join("×")}), is matched against each class's template w: multiplied term by term (w ⊙ x), then summed, plus the bias: Σ + b = score.`));
      const table = element("div", inShape.length === 3 && inShape[0] > 1 ? "tm-rows many" : "tm-rows");
      body.append(head2, table);
      const rows = (model?.classes ?? []).map((name2) => {
        const row = element("div", "tm-row");
        const template = element("canvas", "tm-map");
        const product = element("canvas", "tm-map");
        const score = element("span", "tm-score");
        row.append(element("span", "tm-class", name2), template, element("span", "tm-op", "⊙ x ="), product, score);
        table.append(row);
        return { row, template, product, score };
      });
      return { kind: "templates", layer, input: inputCanvas, rows };
    };
    const build = (m) => {
      root.replaceChildren();
      stages = [];
      probe = void 0;
      explain.replaceChildren(element("p", "muted", "Point at a pixel of a feature map (or focus a map and use the arrow keys) to see the arithmetic that made it."));
      const { net } = m;
      stages.push(buildMaps(-1, net.shapes[0], `input ${net.shapes[0].join("×")}`, "input", "the drawing after MNIST's preprocessing; 0 is white, 1 black"));
      net.layers.forEach((layer, i) => {
        const kind = kindOf(layer.name);
        const shape = net.shapes[i + 1];
        const last = i === net.layers.length - 1;
        const title = `${i + 1}. ${layer.name} → ${shape.join("×")}`;
        if (kind.kind === "flatten") return;
        if (last && kind.kind === "dense") stages.push(buildTemplates(i, net.shapes[i], title));
        else if (shape.length === 3) stages.push(buildMaps(i, shape, title, kind.kind, describe(kind)));
        else stages.push(buildVector(i, shape[0], title, describe(kind)));
      });
    };
    const paint = () => {
      if (model === void 0) return;
      const { net, params } = model;
      const x = tensor([1, ...net.shapes[0]], input2 ?? new Float32Array(net.shapes[0].reduce((a, b) => a * b, 1)));
      trace = { x, outputs: forwardTrace(net, params, x) };
      for (const stage of stages) {
        if (stage.kind === "maps") {
          const maps = mapsOf(stage.layer);
          if (maps === void 0) continue;
          const m = maxAbs(maps.data);
          const scale = stage.layer < 0 ? greyScale : divergingScale(m);
          stage.canvases.forEach((canvas, c) => paintMap(canvas, maps.data, c * stage.H * stage.W, stage.H, stage.W, scale));
          stage.values.textContent = stage.layer < 0 ? "" : `blue < 0 < red, saturating at ±${num(m)}`;
        } else if (stage.kind === "vector") {
          const v = trace.outputs[stage.layer].data;
          paintMap(stage.canvas, v, 0, 1, v.length, divergingScale(maxAbs(v)));
        } else {
          paintTemplates(stage, net, params);
        }
      }
      paintBars();
      if (probe !== void 0) showProbe(probe);
    };
    const paintTemplates = (stage, net, params) => {
      if (trace === void 0) return;
      const inShape = net.shapes[stage.layer];
      const [C, H, W] = inShape.length === 3 ? inShape : [1, 1, inShape.reduce((a, b2) => a * b2, 1)];
      const F = C * H * W;
      const xIn = stage.layer === 0 ? trace.x.data : trace.outputs[stage.layer - 1].data;
      const { weights, bias } = params[stage.layer];
      const w = weights.data;
      const b = bias.data;
      const columns = Math.ceil(Math.sqrt(C));
      paintMosaic(stage.input, xIn, C, H, W, divergingScale(maxAbs(xIn)), columns);
      const wScale = divergingScale(robustMax(w));
      const products = new Float32Array(stage.rows.length * F);
      for (let j = 0; j < stage.rows.length; j++) for (let f = 0; f < F; f++) products[j * F + f] = w[j * F + f] * xIn[f];
      const pScale = divergingScale(robustMax(products));
      const scores = trace.outputs[stage.layer].data;
      let best = 0;
      for (let j = 1; j < stage.rows.length; j++) if (scores[j] > scores[best]) best = j;
      stage.rows.forEach((row, j) => {
        paintMosaic(row.template, w.subarray(j * F, (j + 1) * F), C, H, W, wScale, columns);
        paintMosaic(row.product, products.subarray(j * F, (j + 1) * F), C, H, W, pScale, columns);
        let sum = 0;
        for (let f = 0; f < F; f++) sum += products[j * F + f];
        row.score.replaceChildren(`${num(sum)} + ${b[j] < 0 ? `(${num(b[j])})` : num(b[j])} = `, element("strong", "", num(scores[j])));
        row.row.classList.toggle("best", j === best && input2 !== void 0);
      });
    };
    const paintBars = () => {
      if (trace === void 0 || model === void 0) return;
      const logits = trace.outputs[trace.outputs.length - 1].data;
      const p = softmax(logits, 1, logits.length);
      let best = 0;
      for (let j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
      bars.replaceChildren(
        ...model.classes.map((name2, j) => {
          const row = element("div", `bar${j === best && input2 !== void 0 ? " best" : ""}`);
          const fill = element("span", "bar-fill");
          fill.style.width = `${(p[j] * 100).toFixed(1)}%`;
          const track = element("span", "bar-track");
          track.append(fill);
          row.append(element("span", "bar-name", name2), track, element("span", "bar-value", `${(p[j] * 100).toFixed(1)}%`));
          return row;
        })
      );
    };
    const showProbe = (next) => {
      probe = next;
      explain.parentElement?.classList.add("active");
      for (const s of stages) if (s.kind === "maps") s.probes.forEach((p) => p.hidden = true);
      if (model === void 0 || trace === void 0) return;
      const { stage, c, y, x } = next;
      const kind = kindOf(model.net.layers[stage.layer].name);
      const before = stages.filter((s) => s.kind === "maps" && s.layer < stage.layer).pop();
      const xIn = mapsOf(stage.layer - 1);
      const out = mapsOf(stage.layer);
      if (xIn === void 0 || out === void 0) return;
      frame(stage.probes[c], stage, y, x, 1, 1);
      let terms;
      let where;
      if (kind.kind === "conv") {
        const { weights, bias } = model.params[stage.layer];
        terms = convTerms(kind, xIn, weights.data, bias?.data, c, y, x);
        if (before !== void 0) before.probes.forEach((p) => frame(p, before, y * kind.stride - kind.pad, x * kind.stride - kind.pad, kind.kH, kind.kW));
        where = `filter ${c + 1}`;
      } else if (kind.kind === "pool") {
        terms = poolTerms(kind, xIn, c, y, x);
        if (before !== void 0) frame(before.probes[c], before, y * kind.stride, x * kind.stride, kind.size, kind.size);
        where = `channel ${c + 1}`;
      } else if (kind.kind === "activation") {
        terms = activationTerms(kind, xIn.data[(c * xIn.H + y) * xIn.W + x]);
        if (before !== void 0) frame(before.probes[c], before, y, x, 1, 1);
        where = `channel ${c + 1}`;
      } else {
        return;
      }
      renderTerms(terms, `${model.net.layers[stage.layer].name}, ${where}, row ${y + 1}, column ${x + 1}: ${num(out.data[(c * out.H + y) * out.W + x])}`);
    };
    const frame = (mark, stage, top, left3, h, w) => {
      const [t, l] = [Math.max(0, top), Math.max(0, left3)];
      const [b, r] = [Math.min(stage.H, top + h), Math.min(stage.W, left3 + w)];
      mark.hidden = false;
      mark.style.top = `${t / stage.H * 100}%`;
      mark.style.left = `${l / stage.W * 100}%`;
      mark.style.height = `${(b - t) / stage.H * 100}%`;
      mark.style.width = `${(r - l) / stage.W * 100}%`;
    };
    const numberGrid = (values, rows, cols, scale, highlight = -1) => {
      const table = element("div", "numbers");
      table.style.gridTemplateColumns = `repeat(${cols}, auto)`;
      values.slice(0, rows * cols).forEach((v, n) => {
        const cell = element("span", n === highlight ? "winner" : "", num(v));
        const [r, g, b] = scale(v);
        cell.style.background = `rgb(${r} ${g} ${b})`;
        cell.style.color = (r + g + b) / 3 < 128 ? "#fff" : "#111";
        table.append(cell);
      });
      return table;
    };
    const renderTerms = (t, title) => {
      const parts = [element("p", "explain-title", title)];
      if (t.kind === "conv") {
        const shown = t.channels.slice(0, 1);
        const grids = element("div", "explain-grids");
        shown.forEach((ch) => {
          const m = Math.max(maxAbs(ch.window), 1e-6);
          grids.append(
            labelled(`the input window${t.channels.length > 1 ? ", channel 1" : ""}`, numberGrid(ch.window, t.kH, t.kW, divergingScale(m))),
            labelled(`the kernel${t.channels.length > 1 ? ", channel 1" : ""}`, numberGrid(ch.kernel, t.kH, t.kW, divergingScale(maxAbs(ch.kernel))))
          );
        });
        parts.push(grids);
        if (t.channels.length > 1) {
          parts.push(element("p", "muted", `The window spans all ${t.channels.length} input channels: each gives a sum of ${t.kH * t.kW} products (channel 1 shown), and the filter adds them up${t.bias === void 0 ? "" : " with its bias"}:`));
        } else {
          parts.push(element("p", "muted", `Each value of the window times the kernel value at the same place, summed${t.bias === void 0 ? "" : ", plus the bias"}:`));
        }
      } else if (t.kind === "pool") {
        parts.push(labelled(`the ${t.size}×${t.size} window; the largest value wins`, numberGrid(t.window, t.size, t.size, divergingScale(maxAbs(t.window)), t.winner)));
      }
      parts.push(element("p", "arithmetic", formatTerms(t)));
      explain.replaceChildren(...parts);
    };
    const labelled = (label, content) => {
      const figure = element("figure", "explain-figure");
      figure.append(content, element("figcaption", "", label));
      return figure;
    };
    return {
      setModel: (next) => {
        model = next;
        if (next === void 0) {
          root.replaceChildren();
          stages = [];
          structure = "";
          return;
        }
        const key = `${next.net.layers.map((l) => l.name).join("-")} ${next.classes.join(",")}`;
        if (key !== structure) {
          structure = key;
          build(next);
        }
        paint();
      },
      setInput: (next) => {
        input2 = next;
        paint();
      }
    };
  };

  // site/gallery.ts
  var createGallery = (root, sample2, note, show) => {
    root.textContent = "";
    void sample2;
    void note;
    void show;
    return { setModel: () => {
    } };
  };

  // src/core/params.ts
  var leavesOf = (tree) => tree.flatMap((record, layer) => Object.keys(record).map((name2) => ({ layer, name: name2, value: record[name2] })));
  var countParams = (tree) => leavesOf(tree).reduce((total, { value }) => total + value.data.length, 0);

  // src/fast/memory.ts
  var SLAB_BYTES = 1 << 16;
  var OWN_BUFFER_BYTES = SLAB_BYTES >> 1;
  var ALIGN = 16;
  var slab = new ArrayBuffer(SLAB_BYTES);
  var used = 0;
  var reserve = (bytes) => {
    const rounded = bytes + ALIGN - 1 & ~(ALIGN - 1);
    if (used + rounded > SLAB_BYTES) {
      slab = new ArrayBuffer(SLAB_BYTES);
      used = 0;
    }
    const offset = used;
    used += rounded;
    return offset;
  };
  var DYNAMIC_THRESHOLD_BYTES = 4 << 20;
  new ArrayBuffer(DYNAMIC_THRESHOLD_BYTES);
  var float322 = (n) => {
    const bytes = n * 4;
    if (bytes > OWN_BUFFER_BYTES) return new Float32Array(n);
    const offset = reserve(bytes);
    return new Float32Array(slab, offset, n);
  };
  var float642 = (n) => {
    const bytes = n * 8;
    if (bytes > OWN_BUFFER_BYTES) return new Float64Array(n);
    const offset = reserve(bytes);
    return new Float64Array(slab, offset, n);
  };
  var int322 = (n) => {
    const bytes = n * 4;
    if (bytes > OWN_BUFFER_BYTES) return new Int32Array(n);
    const offset = reserve(bytes);
    return new Int32Array(slab, offset, n);
  };
  var floatsLike2 = (like, n) => like instanceof Float64Array ? float642(n) : float322(n);

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
  var activationKernelsFast = {
    leakyReluForward: (x, alpha) => {
      const y = floatsLike2(x, x.length);
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = v > 0 ? v : alpha * v;
      }
      return y;
    },
    leakyReluBackward: (x, dy, alpha) => {
      const dx = floatsLike2(dy, dy.length);
      for (let i = 0; i < dy.length; i++) {
        const d = dy[i];
        dx[i] = x[i] > 0 ? d : alpha * d;
      }
      return dx;
    },
    tanhForward: (x) => map2(x, Math.tanh),
    tanhBackward: (y, dy) => map22(y, dy, (v, d) => d * (1 - v * v)),
    sigmoidForward: (x) => map2(x, (v) => v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))),
    sigmoidBackward: (y, dy) => map22(y, dy, (v, d) => d * v * (1 - v))
  };
  var maxPoolWindows = (g, x, N) => {
    const { C, H, W, size, stride, oH, oW } = g;
    const y = floatsLike2(x, N * C * oH * oW);
    const argmax = int322(N * C * oH * oW);
    for (let nc = 0; nc < N * C; nc++) {
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
  var maxPool2x2 = (g, x, N) => {
    const { C, H, W, oH, oW } = g;
    const y = floatsLike2(x, N * C * oH * oW);
    const argmax = int322(N * C * oH * oW);
    let out = 0;
    for (let nc = 0; nc < N * C; nc++) {
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
    forward: (g, x, N) => g.size === 2 && g.stride === 2 ? maxPool2x2(g, x, N) : maxPoolWindows(g, x, N),
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
  var scratchZeros = (like, n, slot) => like instanceof Float64Array ? grown(f64, slot, n, (k) => new Float64Array(k)).fill(0, 0, n).subarray(0, n) : grown(f32, slot, n, (k) => new Float32Array(k)).fill(0, 0, n).subarray(0, n);
  var scratchFloat64 = (n, slot) => grown(f64, slot, n, (k) => new Float64Array(k)).subarray(0, n);
  var scratchInt32 = (n, slot) => grown(i32, slot, n, (k) => new Int32Array(k)).subarray(0, n);

  // src/fast/padding.ts
  var padInput = (g, x, N) => {
    const { C, H, W, pad: pad2 } = g;
    if (pad2 === 0) return x;
    const pH = H + 2 * pad2;
    const pW = W + 2 * pad2;
    const padded = scratchZeros(x, N * C * pH * pW, "padded");
    for (let nc = 0; nc < N * C; nc++) {
      for (let h = 0; h < H; h++) {
        const from = (nc * H + h) * W;
        const to = (nc * pH + h + pad2) * pW + pad2;
        for (let w = 0; w < W; w++) padded[to + w] = x[from + w];
      }
    }
    return padded;
  };
  var paddedZeros = (g, like, N) => g.pad === 0 ? floatsLike2(like, N * g.C * g.H * g.W) : scratchZeros(like, N * g.C * (g.H + 2 * g.pad) * (g.W + 2 * g.pad), "paddedGradient");
  var cropPadding = (g, padded, N) => {
    const { C, H, W, pad: pad2 } = g;
    if (pad2 === 0) return padded;
    const pH = H + 2 * pad2;
    const pW = W + 2 * pad2;
    const out = floatsLike2(padded, N * C * H * W);
    for (let nc = 0; nc < N * C; nc++) {
      for (let h = 0; h < H; h++) {
        const from = (nc * pH + h + pad2) * pW + pad2;
        const to = (nc * H + h) * W;
        for (let w = 0; w < W; w++) out[to + w] = padded[from + w];
      }
    }
    return out;
  };

  // src/fast/conv2dDirect.ts
  var addBias = (y, bias, N, K, P) => {
    if (bias === void 0) return y;
    for (let nk = 0; nk < N * K; nk++) {
      const b = bias[nk % K];
      for (let i = nk * P; i < (nk + 1) * P; i++) y[i] += b;
    }
    return y;
  };
  var conv2dForwardGather = (g, x, weights, bias, N) => {
    const { C, K, kH, kW, stride: s, oH, oW } = g;
    const H = g.H + 2 * g.pad;
    const W = g.W + 2 * g.pad;
    const xp = padInput(g, x, N);
    const y = floatsLike2(x, N * K * oH * oW);
    const s2 = 2 * s;
    const s3 = 3 * s;
    for (let n = 0; n < N; n++) {
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
    return addBias(y, bias, N, K, oH * oW);
  };
  var conv2dForwardScatter = (g, x, weights, bias, N) => conv2dForwardScatterInto(g, x, weights, bias, N, floatsLike2(x, N * g.K * g.oH * g.oW));
  var conv2dForwardScatterInto = (g, x, weights, bias, N, y) => {
    const { C, H, W, K, kH, kW, pad: p, oH, oW } = g;
    if (g.stride !== 1) throw new RangeError("conv2dForwardScatter: needs stride 1");
    const plane = oH * oW;
    const taps = kH * kW;
    const back = int322(taps);
    for (let t = 0; t < taps; t++) back[t] = Math.floor(t / kW) * oW + t % kW;
    const values = scratchFloat64(H * W, "values");
    const corners = scratchInt32(H * W, "positions");
    for (let n = 0; n < N; n++) {
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
            const at = yPlane - back[t];
            for (let i = 0; i < count; i++) y[at + corners[i]] += w * values[i];
          }
        }
      }
    }
    return addBias(y, bias, N, K, plane);
  };
  var conv2dBackwardInputPlanes = (g, dy, weights, N) => {
    const { C, K, kH, kW, stride: s, pad: pad2, oH, oW } = g;
    const H = g.H + 2 * pad2;
    const W = g.W + 2 * pad2;
    const dxp = paddedZeros(g, dy, N);
    for (let n = 0; n < N; n++) {
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
    return cropPadding(g, dxp, N);
  };
  var conv2dBackwardInputScatter = (g, dy, weights, N) => {
    const { C, K, kH, kW, stride: s, pad: pad2, oH, oW } = g;
    const H = g.H + 2 * pad2;
    const W = g.W + 2 * pad2;
    const dxp = paddedZeros(g, dy, N);
    for (let n = 0; n < N; n++) {
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
    return cropPadding(g, dxp, N);
  };
  var conv2dBackwardWeightsGather = (g, dy, x, N) => {
    const { C, K, kH, kW, stride: s, oH, oW } = g;
    const H = g.H + 2 * g.pad;
    const W = g.W + 2 * g.pad;
    const xp = padInput(g, x, N);
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
            for (let n = 0; n < N; n++) {
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
            for (let n = 0; n < N; n++) {
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
  var conv2dBackwardWeightsScatter = (g, dy, x, N) => {
    const { C, K, kH, kW, stride: s, oH, oW } = g;
    const H = g.H + 2 * g.pad;
    const W = g.W + 2 * g.pad;
    const xp = padInput(g, x, N);
    const dWeights = floatsLike2(dy, K * C * kH * kW);
    const values = scratchFloat64(N * oH * oW, "values");
    const corners = scratchInt32(N * oH * oW, "positions");
    for (let k = 0; k < K; k++) {
      let count = 0;
      for (let n = 0; n < N; n++) {
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
  var gemmNNInto = (A2, aAt, B2, bAt, M, K, N, { out, at, add }) => {
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      const a0 = aAt + i * K;
      const a1 = a0 + K;
      const a2 = a1 + K;
      const a3 = a2 + K;
      let j = 0;
      for (; j + 4 <= N; j += 4) {
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let p = 0, b = bAt + j; p < K; p++, b += N) {
          const x0 = A2[a0 + p], x1 = A2[a1 + p], x2 = A2[a2 + p], x3 = A2[a3 + p];
          const y0 = B2[b], y1 = B2[b + 1], y2 = B2[b + 2], y3 = B2[b + 3];
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
          at + i * N + j,
          N,
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
      for (; j < N; j++) {
        for (let r = 0; r < 4; r++) out[at + (i + r) * N + j] = dotNN(A2, aAt + (i + r) * K, B2, bAt + j, K, N) + (add ? out[at + (i + r) * N + j] : 0);
      }
    }
    for (; i < M; i++) {
      for (let j = 0; j < N; j++) out[at + i * N + j] = dotNN(A2, aAt + i * K, B2, bAt + j, K, N) + (add ? out[at + i * N + j] : 0);
    }
  };
  var gemmNTInto = (A2, aAt, B2, bAt, M, K, N, { out, at, add }) => {
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      const a0 = aAt + i * K;
      const a1 = a0 + K;
      const a2 = a1 + K;
      const a3 = a2 + K;
      let j = 0;
      for (; j + 4 <= N; j += 4) {
        const b0 = bAt + j * K;
        const b1 = b0 + K;
        const b2 = b1 + K;
        const b3 = b2 + K;
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let p = 0; p < K; p++) {
          const x0 = A2[a0 + p], x1 = A2[a1 + p], x2 = A2[a2 + p], x3 = A2[a3 + p];
          const y0 = B2[b0 + p], y1 = B2[b1 + p], y2 = B2[b2 + p], y3 = B2[b3 + p];
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
          at + i * N + j,
          N,
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
      for (; j < N; j++) {
        for (let r = 0; r < 4; r++) out[at + (i + r) * N + j] = dotNT(A2, aAt + (i + r) * K, B2, bAt + j * K, K) + (add ? out[at + (i + r) * N + j] : 0);
      }
    }
    for (; i < M; i++) {
      for (let j = 0; j < N; j++) out[at + i * N + j] = dotNT(A2, aAt + i * K, B2, bAt + j * K, K) + (add ? out[at + i * N + j] : 0);
    }
  };
  var gemmTNInto = (A2, aAt, B2, bAt, M, K, N, { out, at, add }) => {
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      let j = 0;
      for (; j + 4 <= N; j += 4) {
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let p = 0, a = aAt + i, b = bAt + j; p < K; p++, a += M, b += N) {
          const x0 = A2[a], x1 = A2[a + 1], x2 = A2[a + 2], x3 = A2[a + 3];
          const y0 = B2[b], y1 = B2[b + 1], y2 = B2[b + 2], y3 = B2[b + 3];
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
          at + i * N + j,
          N,
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
      for (; j < N; j++) {
        for (let r = 0; r < 4; r++) out[at + (i + r) * N + j] = dotTN(A2, aAt + i + r, M, B2, bAt + j, N, K) + (add ? out[at + (i + r) * N + j] : 0);
      }
    }
    for (; i < M; i++) {
      for (let j = 0; j < N; j++) out[at + i * N + j] = dotTN(A2, aAt + i, M, B2, bAt + j, N, K) + (add ? out[at + i * N + j] : 0);
    }
  };
  var dotNN = (A2, a, B2, b, K, N) => {
    let sum = 0;
    for (let p = 0; p < K; p++, b += N) sum += A2[a + p] * B2[b];
    return sum;
  };
  var dotNT = (A2, a, B2, b, K) => {
    let sum = 0;
    for (let p = 0; p < K; p++) sum += A2[a + p] * B2[b + p];
    return sum;
  };
  var dotTN = (A2, a, M, B2, b, N, K) => {
    let sum = 0;
    for (let p = 0; p < K; p++, a += M, b += N) sum += A2[a] * B2[b];
    return sum;
  };
  var store4x4 = (out, at, N, add, c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33) => {
    const r1 = at + N;
    const r2 = r1 + N;
    const r3 = r2 + N;
    if (add) {
      out[at] += c00;
      out[at + 1] += c01;
      out[at + 2] += c02;
      out[at + 3] += c03;
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
      out[at] = c00;
      out[at + 1] = c01;
      out[at + 2] = c02;
      out[at + 3] = c03;
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
    const P = oH * oW;
    for (let c = 0; c < C; c++) {
      for (let kh = 0; kh < kH; kh++) {
        for (let kw = 0; kw < kW; kw++) {
          const row = ((c * kH + kh) * kW + kw) * P;
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
    const P = oH * oW;
    for (let c = 0; c < C; c++) {
      for (let kh = 0; kh < kH; kh++) {
        for (let kw = 0; kw < kW; kw++) {
          const row = ((c * kH + kh) * kW + kw) * P;
          for (let oh = 0; oh < oH; oh++) {
            const to = ((n * C + c) * pH + oh * s + kh) * pW + kw;
            const from = row + oh * oW;
            for (let ow = 0; ow < oW; ow++) dxp[to + ow * s] += dcols[from + ow];
          }
        }
      }
    }
  };
  var conv2dForwardGemm = (g, x, weights, bias, N, into) => {
    const { C, K, kH, kW, oH, oW } = g;
    const R = C * kH * kW;
    const P = oH * oW;
    const xp = padInput(g, x, N);
    const y = into ?? floatsLike2(x, N * K * P);
    const cols = scratchZeros(x, R * P, "columns");
    for (let n = 0; n < N; n++) {
      im2col(g, xp, n, cols);
      gemmNNInto(weights, 0, cols, 0, K, R, P, { out: y, at: n * K * P, add: false });
    }
    if (bias !== void 0) {
      for (let nk = 0; nk < N * K; nk++) {
        const b = bias[nk % K];
        for (let i = nk * P; i < (nk + 1) * P; i++) y[i] += b;
      }
    }
    return y;
  };
  var conv2dBackwardWeightsGemm = (g, dy, x, N) => {
    const { C, K, kH, kW, oH, oW } = g;
    const R = C * kH * kW;
    const P = oH * oW;
    const xp = padInput(g, x, N);
    const dWeights = floatsLike2(dy, K * R);
    const cols = scratchZeros(dy, R * P, "columns");
    for (let n = 0; n < N; n++) {
      im2col(g, xp, n, cols);
      gemmNTInto(dy, n * K * P, cols, 0, K, P, R, { out: dWeights, at: 0, add: n > 0 });
    }
    return dWeights;
  };
  var conv2dBackwardInputGemm = (g, dy, weights, N) => {
    const { C, K, kH, kW, oH, oW } = g;
    const R = C * kH * kW;
    const P = oH * oW;
    const dxp = paddedZeros(g, dy, N);
    const dcols = scratchZeros(dy, R * P, "columns");
    for (let n = 0; n < N; n++) {
      gemmTNInto(weights, 0, dy, n * K * P, R, K, P, { out: dcols, at: 0, add: false });
      col2im(g, dcols, n, dxp);
    }
    return cropPadding(g, dxp, N);
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
  var conv2dForwardFast = (g, x, weights, bias, N) => g.stride === 1 && isSparse(x, scatterBelow(g)) ? conv2dForwardScatter(g, x, weights, bias, N) : manyFilters(g) ? conv2dForwardGemm(g, x, weights, bias, N) : conv2dForwardGather(g, x, weights, bias, N);
  var conv2dBackwardInputFast = (g, dy, weights, N) => isSparse(dy, scatterBelow(g, true)) ? conv2dBackwardInputScatter(g, dy, weights, N) : manyFilters(g) ? conv2dBackwardInputGemm(g, dy, weights, N) : conv2dBackwardInputPlanes(g, dy, weights, N);
  var conv2dBackwardWeightsFast = (g, dy, x, N) => isSparse(dy, scatterBelow(g)) ? conv2dBackwardWeightsScatter(g, dy, x, N) : manyFilters(g) ? conv2dBackwardWeightsGemm(g, dy, x, N) : conv2dBackwardWeightsGather(g, dy, x, N);
  var conv2dBackwardBiasFast = (g, dy, N) => {
    const { K, oH, oW } = g;
    const plane = oH * oW;
    const dBias = floatsLike2(dy, K);
    for (let n = 0; n < N; n++) {
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
    const bytes = new ArrayBuffer(8);
    new DataView(bytes).setFloat64(0, x, true);
    return [...new Uint8Array(bytes)];
  };
  var memarg = (align, offset) => [align, ...leb128(offset)];
  var I32 = 127;
  var V128 = 123;
  var op = {
    block: [2, 64],
    // a block (0x40: it leaves nothing on the stack); `br 1` from inside jumps past its end
    loop: [3, 64],
    // a loop; `br 0` from inside jumps back to its start
    end: [11],
    br: (depth) => [12, ...leb128(depth)],
    brIf: (depth) => [13, ...leb128(depth)],
    select: [27],
    // a, b, condition → condition ≠ 0 ? a : b
    get: (local) => [32, ...leb128(local)],
    set: (local) => [33, ...leb128(local)],
    f32Load: (offset) => [42, ...memarg(2, offset)],
    i32Store: (offset) => [54, ...memarg(2, offset)],
    f32Store: (offset) => [56, ...memarg(2, offset)],
    i32Const: (n) => [65, ...sleb128(n)],
    f64Const: (x) => [68, ...float64Bytes(x)],
    i32GeU: [79],
    f64Gt: [100],
    i32Add: [106],
    i32Mul: [108],
    f64Mul: [162],
    f32Demote: [182],
    // a double rounded to a float (to nearest, ties to even)
    f64Promote: [187]
    // a float widened to a double (exactly)
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
    and: simd(78),
    // bitwise and of the 128 bits
    sqrt: simd(239),
    add: simd(240),
    sub: simd(241),
    mul: simd(242),
    div: simd(243)
  };
  var forLoop = (counter, limit, step, body) => [
    ...op.i32Const(0),
    ...op.set(counter),
    ...op.block,
    ...op.loop,
    ...op.get(counter),
    ...limit,
    ...op.i32GeU,
    ...op.brIf(1),
    // counter ≥ limit (unsigned): out
    ...body,
    ...op.get(counter),
    ...op.i32Const(step),
    ...op.i32Add,
    ...op.set(counter),
    ...op.br(0),
    ...op.end,
    ...op.end
  ];
  var moduleBytes = (m) => {
    const code = [...vector(m.locals.map(([count, type]) => [...leb128(count), type])), ...m.body, ...op.end];
    return new Uint8Array([
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
  var splatFloat = (at) => [...at, ...op.f32Load(0), ...op.f64Promote, ...v128.splat];
  var pairAt = (at) => [...at, ...v128.load64ZeroAt(0), ...v128.promoteLow];
  var storePair = (at, value) => [...at, ...value, ...v128.demoteZero, ...v128.store64Lane0];
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
      compiled.set(bytes, exports && { run: exports.run, floats: new Float32Array(exports.memory.buffer) });
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

  // src/fast/denseFast.ts
  var BLOCKED_FROM = 4;
  var denseForwardRows = (x, weights, bias, N, F, O) => {
    const y = floatsLike2(x, N * O);
    const nonZero = int322(F);
    for (let n = 0; n < N; n++) {
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
  var denseBackwardInputRows = (dy, weights, N, F, O) => {
    const dx = floatsLike2(dy, N * F);
    for (let n = 0; n < N; n++) {
      for (let f = 0; f < F; f++) {
        let sum = 0;
        for (let o = 0; o < O; o++) sum += dy[n * O + o] * weights[o * F + f];
        dx[n * F + f] = sum;
      }
    }
    return dx;
  };
  var denseBackwardWeightsRows = (dy, x, N, F, O) => {
    const dWeights = floatsLike2(dy, O * F);
    if (N === 1) {
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
      for (let n = 1; n < N; n++) {
        const d = dy[n * O + o];
        const xRow = n * F;
        for (let f = 0; f < F; f++) dWeights[wRow + f] += d * x[xRow + f];
      }
    }
    return dWeights;
  };
  var denseForwardFast = (x, weights, bias, N, F, O) => {
    if (N < BLOCKED_FROM) return denseForwardRows(x, weights, bias, N, F, O);
    const y = floatsLike2(x, N * O);
    for (let n = 0; n < N; n++) y.set(bias, n * O);
    gemmNTInto(x, 0, weights, 0, N, F, O, { out: y, at: 0, add: true });
    return y;
  };
  var denseBackwardInputFast = (dy, weights, N, F, O) => {
    if (N === 1 && dy instanceof Float32Array && weights instanceof Float32Array) {
      const dx2 = denseBackwardInputSimd(dy, weights, F, O);
      if (dx2 !== void 0) return dx2;
    }
    if (N < BLOCKED_FROM) return denseBackwardInputRows(dy, weights, N, F, O);
    const dx = floatsLike2(dy, N * F);
    gemmNNInto(dy, 0, weights, 0, N, O, F, { out: dx, at: 0, add: false });
    return dx;
  };
  var denseBackwardWeightsFast = (dy, x, N, F, O) => {
    if (N === 1 && dy instanceof Float32Array && x instanceof Float32Array) {
      const dWeights2 = denseBackwardWeightsSimd(dy, x, F, O);
      if (dWeights2 !== void 0) return dWeights2;
    }
    if (N < BLOCKED_FROM) return denseBackwardWeightsRows(dy, x, N, F, O);
    const dWeights = floatsLike2(dy, O * F);
    gemmTNInto(dy, 0, x, 0, O, N, F, { out: dWeights, at: 0, add: false });
    return dWeights;
  };
  var denseBackwardBiasFast = (dy, N, O) => {
    const dBias = floatsLike2(dy, O);
    for (let n = 0; n < N; n++) {
      for (let o = 0; o < O; o++) dBias[o] += dy[n * O + o];
    }
    return dBias;
  };

  // src/fast/kernels.ts
  var fastKernels = {
    conv2d: {
      forward: conv2dForwardFast,
      backward: (g, dy, x, weights, N) => [conv2dBackwardInputFast(g, dy, weights, N), conv2dBackwardWeightsFast(g, dy, x, N)],
      backwardBias: conv2dBackwardBiasFast
    },
    dense: {
      forward: denseForwardFast,
      backward: (dy, x, weights, N, F, O) => [denseBackwardInputFast(dy, weights, N, F, O), denseBackwardWeightsFast(dy, x, N, F, O), denseBackwardBiasFast(dy, N, O)]
    },
    maxPool: maxPoolKernelsFast,
    activations: activationKernelsFast
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
  var convGeometry = (C, H, W, K, kH, kW, stride, pad2) => ({
    C,
    H,
    W,
    K,
    kH,
    kW,
    stride,
    pad: pad2,
    oH: Math.floor((H + 2 * pad2 - kH) / stride) + 1,
    oW: Math.floor((W + 2 * pad2 - kW) / stride) + 1
  });
  var conv2dForward = (g, x, weights, bias, N) => {
    const { C, H, W, K, kH, kW, stride, pad: pad2, oH, oW } = g;
    const y = floatsLike(x, N * K * oH * oW);
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < K; k++) {
        for (let oh = 0; oh < oH; oh++) {
          for (let ow = 0; ow < oW; ow++) {
            let sum = bias === void 0 ? 0 : bias[k];
            for (let c = 0; c < C; c++) {
              for (let kh = 0; kh < kH; kh++) {
                const ih = oh * stride - pad2 + kh;
                if (ih < 0 || ih >= H) continue;
                for (let kw = 0; kw < kW; kw++) {
                  const iw = ow * stride - pad2 + kw;
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
  var conv2dBackward = (g, dy, x, weights, N) => {
    const { C, H, W, K, kH, kW, stride, pad: pad2, oH, oW } = g;
    const dx = floatsLike(dy, N * C * H * W);
    const dWeights = floatsLike(dy, K * C * kH * kW);
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < K; k++) {
        for (let oh = 0; oh < oH; oh++) {
          for (let ow = 0; ow < oW; ow++) {
            const d = dy[((n * K + k) * oH + oh) * oW + ow];
            for (let c = 0; c < C; c++) {
              for (let kh = 0; kh < kH; kh++) {
                const ih = oh * stride - pad2 + kh;
                if (ih < 0 || ih >= H) continue;
                for (let kw = 0; kw < kW; kw++) {
                  const iw = ow * stride - pad2 + kw;
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
  var conv2dBackwardBias = (g, dy, N) => {
    const { K, oH, oW } = g;
    const dBias = floatsLike(dy, K);
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < K; k++) {
        for (let i = 0; i < oH * oW; i++) dBias[k] += dy[(n * K + k) * oH * oW + i];
      }
    }
    return dBias;
  };
  var conv2dKernels = { forward: conv2dForward, backward: conv2dBackward, backwardBias: conv2dBackwardBias };

  // src/kernels/dense.ts
  var denseForward = (x, weights, bias, N, F, O) => {
    const y = floatsLike(x, N * O);
    for (let n = 0; n < N; n++) {
      for (let o = 0; o < O; o++) {
        let sum = bias[o];
        for (let f = 0; f < F; f++) sum += weights[o * F + f] * x[n * F + f];
        y[n * O + o] = sum;
      }
    }
    return y;
  };
  var denseBackward = (dy, x, weights, N, F, O) => {
    const dx = floatsLike(dy, N * F);
    const dWeights = floatsLike(dy, O * F);
    const dBias = floatsLike(dy, O);
    for (let n = 0; n < N; n++) {
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
  var maxPoolForward = (g, x, N) => {
    const { C, H, W, size, stride, oH, oW } = g;
    const y = floatsLike(x, N * C * oH * oW);
    const argmax = int32(N * C * oH * oW);
    for (let nc = 0; nc < N * C; nc++) {
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

  // src/core/rng.ts
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
    const [bits, next] = nextUint32(rng);
    return [bits / 4294967296, next];
  };
  var normal = (rng) => {
    const [a, rng1] = uniform(rng);
    const [b, rng2] = uniform(rng1);
    return [Math.sqrt(-2 * Math.log(1 - a)) * Math.cos(2 * Math.PI * b), rng2];
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
    const { filters: K, kernel: [kH, kW], stride = 1, pad: pad2 = 0, bias = false } = options;
    const init = initializers[options.init ?? "glorot"];
    const kernels = options.kernels ?? conv2dKernels;
    const name2 = `conv${kH}x${kW}x${K}${pad2 ? `p${pad2}` : ""}${stride !== 1 ? `s${stride}` : ""}${bias ? "b" : ""}`;
    const geometryOf = (inShape) => convGeometry(inShape[0], inShape[1], inShape[2], K, kH, kW, stride, pad2);
    return {
      name: name2,
      outShape: (inShape) => {
        if (inShape.length !== 3) return left2(`${name2} needs an input of shape [C, H, W], got ${showShape(inShape)}`);
        const g = geometryOf(inShape);
        if (g.oH < 1 || g.oW < 1) {
          return left2(`${name2}: a ${kH}×${kW} kernel does not fit the ${showShape(inShape)} input with padding ${pad2}`);
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
        const N = batchOf(x);
        const y = kernels.forward(g, x.data, params.weights.data, params.bias?.data, N);
        return [tensor([N, K, g.oH, g.oW], y), x];
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
        const { N, F } = sizes(x);
        const y = kernels.forward(x.data, params.weights.data, params.bias.data, N, F, outputs);
        return [tensor([N, outputs], y), x];
      },
      backward: (params, x, dy) => {
        const { N, F } = sizes(x);
        const [dx, dWeights, dBias] = kernels.backward(dy.data, x.data, params.weights.data, N, F, outputs);
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
        const N = batchOf(x);
        const [y, argmax] = kernels.forward(g, x.data, N);
        return [tensor([N, g.C, g.oH, g.oW], y), { argmax, inShape: x.shape }];
      },
      backward: (_params, cache, dy) => [tensor(cache.inShape, kernels.backward(dy.data, cache.argmax, sizeOf(cache.inShape))), {}]
    };
  };

  // src/model/arch.ts
  var referenceKernels = {
    conv2d: conv2dKernels,
    dense: denseKernels,
    maxPool: maxPoolKernels,
    activations: activationKernels
  };
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
    [/^conv(\d+)x(\d+)x(\d+)(?:p(\d+))?(?:s(\d+))?(b)?$/, ([, kH, kW, K, pad2, stride, b], kernels) => {
      const n = positives(positive(kH, 1, "kernel height"), positive(kW, 1, "kernel width"), positive(K, 1, "number of filters"), positive(stride, 1, "stride"));
      if (isLeft2(n)) return n;
      const [h, w, filters, s] = n.right;
      return right2(conv2d({ filters, kernel: [h, w], stride: s, pad: Number(pad2 ?? 0), bias: b === "b", kernels: kernels.conv2d }));
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
    for (const [pattern, build] of rules) {
      const m = pattern.exec(token);
      if (m === null) continue;
      const layer = build(m, kernels);
      return isLeft2(layer) ? left2(`"${token}": ${layer.left}`) : layer;
    }
    return left2(`"${token}" is not a layer; expected conv<kH>x<kW>x<K>[p<pad>][s<stride>][b], pool<n>[s<stride>], dense<n>, relu, lrelu[<alpha>], tanh, sigmoid or flatten`);
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

  // src/model/modelFile.ts
  var MODEL_FORMAT = "annotated-cnn-model";
  var MODEL_VERSION = 1;
  var MAX_CLASSES = 256;
  var MAX_CLASS_NAME = 40;
  var CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
  var SEPARATOR = /[\u2028\u2029]/u;
  var BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
  var LONE_SURROGATE = /\p{Cs}/u;
  var codePoint = (c) => `U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  var classNameProblem = (name2) => {
    const length = Array.from(name2).length;
    if (length === 0) return "is empty";
    if (length > MAX_CLASS_NAME) return `has ${length} characters; at most ${MAX_CLASS_NAME} are allowed`;
    if (CONTROL.test(name2)) return "contains a control character";
    const mark = SEPARATOR.exec(name2) ?? BIDI.exec(name2);
    if (mark !== null) return `contains ${codePoint(mark[0])}, ${SEPARATOR.test(mark[0]) ? "a line or paragraph separator" : "a mark that changes the direction of text"}`;
    if (LONE_SURROGATE.test(name2)) return "contains half of a surrogate pair (it is not valid Unicode)";
    return void 0;
  };
  var classNamesProblem = (names, where = (i) => `the name of label ${i}`) => {
    if (names.length > MAX_CLASSES) return `${names.length} names, but labels are bytes, so there are at most ${MAX_CLASSES} classes`;
    const seen2 = /* @__PURE__ */ new Map();
    for (let i = 0; i < names.length; i++) {
      const name2 = names[i];
      const problem = classNameProblem(name2);
      if (problem === "is empty") return `${where(i)} is empty`;
      if (problem !== void 0) return `${where(i)}, ${JSON.stringify(name2)}, ${problem}`;
      const before = seen2.get(name2);
      if (before !== void 0) return `${JSON.stringify(name2)} is both ${where(before)} and ${where(i)}; names must differ`;
      seen2.set(name2, i);
    }
    return void 0;
  };
  var shortestFloat32 = (value) => {
    if (Object.is(value, -0)) return "-0";
    for (let digits = 1; digits < 9; digits++) {
      const text = value.toPrecision(digits);
      if (Math.fround(Number(text)) === value) return String(Number(text));
    }
    return String(Number(value.toPrecision(9)));
  };
  var floatList = (values) => `[${Array.from(values, shortestFloat32).join(", ")}]`;
  var serializeModel = (model, net) => {
    const header = {
      format: MODEL_FORMAT,
      version: MODEL_VERSION,
      arch: model.arch,
      inputShape: model.inputShape,
      classes: model.classes,
      seed: model.seed,
      training: model.training,
      metrics: model.metrics
    };
    const json = JSON.stringify(header, null, 2);
    const parameters = model.params.map((record, i) => ({
      layer: net.layers[i]?.name ?? null,
      tensors: Object.fromEntries(Object.entries(record).map(([name2, t]) => [name2, { shape: t.shape, data: Array.from(t.data) }]))
    }));
    const checked = modelFromJson({ ...JSON.parse(json), parameters }, referenceKernels);
    if (isLeft2(checked)) throw new RangeError(`serializeModel: the model would not load again: ${checked.left}`);
    const head2 = json.replace(/\[\n\s*([^[\]{}]*?)\n\s*\]/g, (_, items) => `[${items.split(/,\n\s*/).join(", ")}]`).replace(/\n}$/, "");
    const layers = model.params.map((record, i) => {
      const tensors = Object.entries(record).map(
        ([name2, t]) => `        ${JSON.stringify(name2)}: { "shape": [${t.shape.join(", ")}], "data": ${floatList(t.data)} }`
      );
      return `    { "layer": ${JSON.stringify(net.layers[i].name)}, "tensors": {${tensors.length ? `
${tensors.join(",\n")}
      ` : ""}} }`;
    });
    return `${head2},
  "parameters": [
${layers.join(",\n")}
  ]
}
`;
  };
  var MAX_ARCH_LENGTH = 1e3;
  var isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
  var isNumberList = (v) => Array.isArray(v) && v.every((x) => typeof x === "number");
  var own = (record, key) => Object.hasOwn(record, key) ? record[key] : void 0;
  var describe2 = (v) => v === void 0 ? "missing" : typeof v === "string" ? v.length <= 60 ? JSON.stringify(v) : `${JSON.stringify(`${v.slice(0, 60)}…`)} (${v.length.toLocaleString("en-US")} characters)` : Array.isArray(v) ? `a list of ${v.length.toLocaleString("en-US")}` : isRecord(v) ? "an object" : String(v);
  var field = (doc, key, ok, expected) => {
    const value = own(doc, key);
    return ok(value) ? right2(value) : left2(`"${key}" must be ${expected}`);
  };
  var isArch = (v) => typeof v === "string" && v.length <= MAX_ARCH_LENGTH;
  var isSeed = (v) => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 4294967295;
  var isFiniteNumber = (v) => typeof v === "number" && Number.isFinite(v);
  var isStringList = (v) => Array.isArray(v) && v.every((x) => typeof x === "string");
  var isList = (v) => Array.isArray(v);
  var isFlags = (v) => isRecord(v) && Object.values(v).every((x) => x === null || ["string", "number", "boolean"].includes(typeof x));
  var isFraction = (v) => isFiniteNumber(v) && v >= 0 && v <= 1;
  var isEpochRecord = (v) => {
    if (!isRecord(v)) return false;
    const epoch = own(v, "epoch");
    const loss = own(v, "trainLoss");
    const testLoss = own(v, "testLoss");
    return typeof epoch === "number" && Number.isInteger(epoch) && epoch >= 1 && isFiniteNumber(loss) && loss >= 0 && isFraction(own(v, "trainAccuracy")) && isFraction(own(v, "testAccuracy")) && (testLoss === void 0 || isFiniteNumber(testLoss) && testLoss >= 0);
  };
  var isMetrics = (v) => isList(v) && v.every(isEpochRecord);
  var classesOf = (doc) => {
    const names = own(doc, "classes");
    if (!isStringList(names)) return left2('"classes" must be a list of class names');
    const problem = classNamesProblem(names);
    return problem === void 0 ? right2(names) : left2(`"classes": ${problem}`);
  };
  var metricsOf = (doc) => {
    const metrics = own(doc, "metrics");
    if (isMetrics(metrics)) return right2(metrics);
    const which = isList(metrics) ? ` (entry ${metrics.findIndex((m) => !isEpochRecord(m)) + 1} is not)` : "";
    return left2(`"metrics" must be a list of { epoch, trainLoss, trainAccuracy, testAccuracy[, testLoss] } (epochs from 1, losses ≥ 0, accuracies from 0 to 1)${which}`);
  };
  var firstOverflow = (asFloat32) => {
    for (let i = 0; i < asFloat32.length; i++) if (!Number.isFinite(asFloat32[i])) return i;
    return void 0;
  };
  var readLayer = (net, i, entry) => {
    const layer = net.layers[i];
    const expected = layer.paramShapes(net.shapes[i]);
    const where = `parameters of layer ${i + 1} (${layer.name})`;
    const tensors = isRecord(entry) ? own(entry, "tensors") : void 0;
    if (!isRecord(entry) || !isRecord(tensors)) return left2(`${where}: expected { "layer": …, "tensors": { … } }`);
    if (own(entry, "layer") !== layer.name) return left2(`${where}: the file says this layer is ${describe2(own(entry, "layer"))}`);
    const names = Object.keys(expected);
    const extra = Object.keys(tensors).filter((name2) => !Object.hasOwn(expected, name2));
    if (extra.length > 0) return left2(`${where}: unexpected tensor ${describe2(extra[0])}`);
    const out = {};
    for (const name2 of names) {
      const t = own(tensors, name2);
      const shape = expected[name2];
      if (!isRecord(t)) return left2(`${where}: missing tensor "${name2}"`);
      const given = own(t, "shape");
      if (!isNumberList(given) || !sameShape(given, shape)) {
        return left2(`${where}: "${name2}" has shape ${isNumberList(given) && given.length <= 8 ? showShape(given) : describe2(given)}, the architecture needs ${showShape(shape)}`);
      }
      const values = own(t, "data");
      if (!isNumberList(values) || values.length !== sizeOf(shape)) {
        return left2(`${where}: "${name2}" must have ${sizeOf(shape)} numbers in "data"`);
      }
      const notFinite = values.findIndex((v) => !Number.isFinite(v));
      if (notFinite >= 0) return left2(`${where}: "${name2}" number ${notFinite + 1} is ${values[notFinite]}, not a finite number`);
      const data = float32(values.length);
      data.set(values);
      const bad = firstOverflow(data);
      if (bad !== void 0) return left2(`${where}: "${name2}" number ${bad + 1} is ${values[bad]}, beyond the largest float32 (about 3.4e38)`);
      out[name2] = tensor(shape, data);
    }
    return right2(out);
  };
  var parseModel = (text, kernels = referenceKernels) => {
    let doc;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      return left2(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    return modelFromJson(doc, kernels);
  };
  var modelFromJson = (doc, kernels) => {
    if (!isRecord(doc)) return left2("not a model file (expected a JSON object)");
    if (own(doc, "format") !== MODEL_FORMAT) return left2(`not a model file ("format" must be "${MODEL_FORMAT}")`);
    if (own(doc, "version") !== MODEL_VERSION) return left2(`unsupported model version ${describe2(own(doc, "version"))} (this program reads version ${MODEL_VERSION})`);
    return pipe(
      Do,
      apS2("arch", field(doc, "arch", isArch, `an architecture string of at most ${MAX_ARCH_LENGTH.toLocaleString("en-US")} characters`)),
      apS2("inputShape", field(doc, "inputShape", isNumberList, "a list of numbers")),
      apS2("classes", classesOf(doc)),
      apS2("seed", field(doc, "seed", isSeed, "a whole number from 0 to 4294967295")),
      apS2("training", field(doc, "training", isFlags, "an object of flag values")),
      apS2("metrics", metricsOf(doc)),
      apS2("parameters", field(doc, "parameters", isList, "a list")),
      bind2("net", ({ arch, inputShape }) => pipe(parseArch(arch, kernels), chain((layers) => sequential(inputShape, layers)))),
      chain((m) => {
        const out = m.net.shapes[m.net.shapes.length - 1];
        if (out.length !== 1 || out[0] !== m.classes.length) {
          return left2(`the network gives ${showShape(out)} outputs per sample but the file lists ${m.classes.length} classes`);
        }
        if (m.parameters.length !== m.net.layers.length) {
          return left2(`"parameters" has ${m.parameters.length} entries but the architecture has ${m.net.layers.length} layers`);
        }
        return pipe(
          m.parameters.map((entry, i) => readLayer(m.net, i, entry)),
          sequenceArray,
          map((params) => ({
            arch: m.arch,
            inputShape: m.inputShape,
            classes: m.classes,
            seed: m.seed,
            training: m.training,
            metrics: m.metrics,
            params,
            net: m.net
          }))
        );
      })
    );
  };

  // site/models.ts
  var accuracyOf = (m) => {
    const last = m.metrics[m.metrics.length - 1];
    return last === void 0 ? "no recorded accuracy" : `${(last.testAccuracy * 100).toFixed(2)}% on its test split after ${last.epoch} epoch${last.epoch === 1 ? "" : "s"}`;
  };
  var readModel = (text, name2, label = name2) => {
    const parsed = parseModel(text, fastKernels);
    if (isLeft2(parsed)) return left2(`error: ${name2}: ${parsed.left}`);
    const m = parsed.right;
    if (m.inputShape.join("×") !== "1×28×28") {
      return left2(`error: ${name2}: this page draws 1×28×28 digits, but the model takes inputs of shape [${m.inputShape.join(", ")}]`);
    }
    const summary = `${m.arch}: ${countParams(m.params).toLocaleString("en-US")} parameters, ${accuracyOf(m)}`;
    return right2({ ...m, label, summary });
  };
  var fetchModel = async (file, label) => {
    const response = await fetch(file);
    if (!response.ok) return left2(`error: ${file}: HTTP ${response.status}`);
    return readModel(await response.text(), file, label);
  };

  // site/trainPanel.ts
  var PRESETS = [
    { name: "the original: one 3×3 kernel (per-sample Adam)", settings: { arch: "conv3x3x1-lrelu-pool2-dense10", optimizer: "adam", lr: 1e-3, schedule: "cosine", batchSize: 1, epochs: 10, shuffle: false } },
    { name: "softmax regression: no convolution", settings: { arch: "dense10", optimizer: "adam", lr: 1e-3, schedule: "cosine", batchSize: 1, epochs: 10, shuffle: false } },
    { name: "four 3×3 kernels", settings: { arch: "conv3x3x4-lrelu-pool2-dense10", optimizer: "adam", lr: 1e-3, schedule: "cosine", batchSize: 1, epochs: 10, shuffle: false } },
    { name: "two convolutions", settings: { arch: "conv3x3x8-relu-pool2-conv3x3x16-relu-pool2-dense10", optimizer: "adam", lr: 2e-3, schedule: "cosine", batchSize: 16, epochs: 10, shuffle: true } },
    { name: "the ConvNetJS network", settings: { arch: "conv5x5x8p2-relu-pool2-conv5x5x16p2-relu-pool3-dense10", optimizer: "adam", lr: 2e-3, schedule: "cosine", batchSize: 32, epochs: 8, shuffle: true } }
  ];
  var byId = (id) => {
    const e = document.getElementById(id);
    if (e === null) throw new Error(`the page has no #${id}`);
    return e;
  };
  var SEED = 1;
  var positiveNumber = (flag, text) => {
    const v = Number(text);
    return text.trim() !== "" && Number.isFinite(v) && v > 0 ? right2(v) : left2(`${flag} must be a number > 0, got "${text}"`);
  };
  var wholeNumber = (flag, text) => {
    const v = Number(text);
    return text.trim() !== "" && Number.isSafeInteger(v) && v >= 1 ? right2(v) : left2(`${flag} must be a whole number ≥ 1, got "${text}"`);
  };
  var commandFor = (s, trainCount) => [
    "npm run train --",
    `--arch ${s.arch}`,
    s.optimizer === "adam" ? "" : `--optimizer ${s.optimizer}`,
    `--lr ${s.lr}`,
    s.schedule === "cosine" ? "" : `--schedule ${s.schedule}`,
    `--batch-size ${s.batchSize}`,
    `--epochs ${s.epochs}`,
    s.shuffle ? "--shuffle" : "",
    `--limit ${trainCount}`,
    "--workers 1"
  ].filter((part) => part !== "").join(" ");
  var createTrainPanel = (worker2, onLive) => {
    const c = {
      preset: byId("preset"),
      arch: byId("arch"),
      optimizer: byId("optimizer"),
      lr: byId("lr"),
      batchSize: byId("batch-size"),
      epochs: byId("epochs"),
      schedule: byId("schedule"),
      shuffle: byId("shuffle"),
      start: byId("start"),
      pause: byId("pause"),
      reset: byId("reset"),
      download: byId("download"),
      error: byId("train-error"),
      status: byId("train-status"),
      command: byId("command"),
      epoch: byId("epoch"),
      speed: byId("speed"),
      accuracy: byId("accuracy"),
      lossChart: byId("loss-chart"),
      accuracyChart: byId("accuracy-chart"),
      kernels: byId("kernels"),
      kernelsCaption: byId("kernels-caption"),
      epochs_: byId("epoch-rows")
    };
    const tell = (message) => worker2.postMessage(message);
    let state = "loading";
    let counts = { train: 0, test: 0 };
    let settings;
    let net;
    let params;
    let lossPoints = [];
    let trainAccPoints = [];
    let testAccPoints = [];
    let metrics = [];
    PRESETS.forEach((p, i) => c.preset.append(new Option(p.name, String(i))));
    c.preset.append(new Option("your own (edit the fields)", "custom"));
    const applyPreset = (i) => {
      const s = PRESETS[i].settings;
      c.arch.value = s.arch;
      c.optimizer.value = s.optimizer;
      c.lr.value = String(s.lr);
      c.schedule.value = s.schedule;
      c.batchSize.value = String(s.batchSize);
      c.epochs.value = String(s.epochs);
      c.shuffle.checked = s.shuffle;
    };
    applyPreset(0);
    const read = () => {
      const lr = positiveNumber("learning rate (--lr)", c.lr.value);
      const batchSize = wholeNumber("batch size (--batch-size)", c.batchSize.value);
      const epochs = wholeNumber("epochs (--epochs)", c.epochs.value);
      const built = buildNetwork(c.arch.value, [1, 28, 28], 10, fastKernels);
      if (isLeft2(built)) return left2(`--arch: ${built.left}`);
      if (isLeft2(lr)) return lr;
      if (isLeft2(batchSize)) return batchSize;
      if (isLeft2(epochs)) return epochs;
      const s = {
        arch: c.arch.value.trim(),
        optimizer: c.optimizer.value,
        lr: lr.right,
        schedule: c.schedule.value,
        batchSize: batchSize.right,
        epochs: epochs.right,
        shuffle: c.shuffle.checked,
        seed: SEED
      };
      return right2({ settings: s, net: built.right });
    };
    const showCommand = () => {
      const r = read();
      c.error.textContent = isLeft2(r) ? `error: ${r.left}` : "";
      if (isRight2(r)) c.command.textContent = commandFor(r.right.settings, counts.train);
    };
    const fields = [c.preset, c.arch, c.optimizer, c.lr, c.batchSize, c.epochs, c.schedule, c.shuffle];
    const setState = (next) => {
      state = next;
      const locked = next === "running" || next === "paused";
      for (const f of fields) f.disabled = locked || next === "loading";
      c.start.disabled = next === "loading" || next === "running";
      c.start.textContent = next === "paused" ? "Resume" : next === "finished" ? "Start again" : "Start";
      c.pause.disabled = next !== "running";
      c.reset.disabled = next === "loading" || next === "idle";
      c.download.disabled = metrics.length === 0;
    };
    c.preset.addEventListener("change", () => {
      if (c.preset.value !== "custom") applyPreset(Number(c.preset.value));
      showCommand();
    });
    for (const f of fields.slice(1)) {
      f.addEventListener("input", () => {
        c.preset.value = "custom";
        showCommand();
      });
    }
    const drawCharts = () => {
      const xMax = Math.max(1, settings?.epochs ?? 1);
      const loss = [{ name: "training loss", colour: "#b2182b", points: lossPoints }];
      const highest = Math.max(0.4, ...lossPoints.map(([, y]) => y));
      drawChart(c.lossChart, loss, { yMin: 0, yMax: Math.min(2.4, Math.ceil(highest / 0.4) * 0.4), xMax, yLabel: (v) => v.toFixed(1), xLabel: "epochs" });
      const accuracy = [
        { name: "training", colour: "#2166ac", points: trainAccPoints },
        { name: "test", colour: "#1a7f37", points: testAccPoints, dots: true }
      ];
      const lowest = Math.min(0.8, ...trainAccPoints.map(([, y]) => y), ...testAccPoints.map(([, y]) => y));
      drawChart(c.accuracyChart, accuracy, { yMin: Math.max(0, Math.floor(lowest * 5) / 5), yMax: 1, xMax, yLabel: (v) => `${Math.round(v * 100)}%`, xLabel: "epochs" });
    };
    const drawKernels = () => {
      if (net === void 0 || params === void 0) return;
      const i = params.findIndex((record) => record.weights !== void 0);
      if (i < 0) return;
      const w = params[i].weights;
      const name2 = net.layers[i].name;
      if (w.shape.length === 4) {
        const [K, C, kH, kW] = w.shape;
        const columns = Math.min(8, K * C);
        paintMosaic(c.kernels, w.data, K * C, kH, kW, divergingScale(maxAbs(w.data)), columns);
        c.kernels.style.width = `${Math.round(columns * (kW + 1) * Math.min(40, 280 / (columns * (kW + 1))))}px`;
        c.kernelsCaption.textContent = `the ${K * C === 1 ? "kernel" : `${K * C} kernels`} of ${name2} (${kH}×${kW}${C > 1 ? `, ${C} channels each` : ""}), blue < 0 < red`;
      } else if (w.shape[1] === 784) {
        paintMosaic(c.kernels, w.data, w.shape[0], 28, 28, divergingScale(maxAbs(w.data)), 5);
        c.kernels.style.width = "280px";
        c.kernelsCaption.textContent = `the ${w.shape[0]} templates of ${name2}, one per class, blue < 0 < red`;
      }
    };
    const clearAll = () => {
      lossPoints = [];
      trainAccPoints = [];
      testAccPoints = [];
      metrics = [];
      params = void 0;
      c.epoch.textContent = "–";
      c.speed.textContent = "–";
      c.accuracy.textContent = "–";
      c.status.textContent = "";
      c.epochs_.replaceChildren();
      c.epochs_.closest("table")?.setAttribute("hidden", "");
      const context = c.kernels.getContext("2d");
      context?.clearRect(0, 0, c.kernels.width, c.kernels.height);
      c.kernelsCaption.textContent = "the first layer's kernels appear here when training starts";
      drawCharts();
    };
    c.start.addEventListener("click", () => {
      if (state === "paused") {
        tell({ type: "start", settings });
        setState("running");
        return;
      }
      const r = read();
      if (isLeft2(r)) {
        c.error.textContent = `error: ${r.left}`;
        return;
      }
      clearAll();
      settings = r.right.settings;
      net = r.right.net;
      c.command.textContent = commandFor(settings, counts.train);
      tell({ type: "reset" });
      tell({ type: "start", settings });
      c.status.textContent = `training ${settings.arch}…`;
      setState("running");
    });
    c.pause.addEventListener("click", () => {
      tell({ type: "pause" });
      setState("paused");
    });
    c.reset.addEventListener("click", () => {
      tell({ type: "reset" });
      clearAll();
      onLive(void 0);
      setState("idle");
    });
    c.download.addEventListener("click", () => {
      if (settings === void 0 || net === void 0 || params === void 0) return;
      const s = settings;
      let text;
      try {
        text = serializeModel(
          {
            arch: s.arch,
            inputShape: [1, 28, 28],
            classes: Array.from({ length: 10 }, (_, i) => String(i)),
            seed: s.seed,
            training: { epochs: s.epochs, batchSize: s.batchSize, lr: s.lr, optimizer: s.optimizer, schedule: s.schedule, shuffle: s.shuffle, limit: counts.train, data: "the page's MNIST subset", kernels: "fast", workers: 1 },
            metrics,
            params
          },
          net
        );
      } catch (error) {
        c.status.textContent = `cannot save this model: ${error instanceof Error ? error.message : String(error)}`;
        return;
      }
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
      link.download = "model.json";
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1e3);
    });
    const handle = (m) => {
      if (m.type === "ready") {
        counts = { train: m.train, test: m.test };
        setState("idle");
        showCommand();
        drawCharts();
      } else if (m.type === "progress" && settings !== void 0 && net !== void 0) {
        const x = m.samples / counts.train;
        lossPoints.push([x, m.loss]);
        trainAccPoints.push([x, m.accuracy]);
        params = m.params;
        c.epoch.textContent = `${m.epoch}/${settings.epochs} (${Math.round(m.seen / m.total * 100)}%)`;
        c.speed.textContent = `${Math.round(m.samplesPerSecond).toLocaleString("en-US")} samples/s`;
        c.speed.dataset.average = String(Math.round(m.averageSamplesPerSecond));
        drawCharts();
        drawKernels();
        onLive({ net, params, arch: settings.arch });
      } else if (m.type === "epoch") {
        testAccPoints.push([m.samples / counts.train, m.testAccuracy]);
        metrics.push({ epoch: m.epoch, trainLoss: m.trainLoss, trainAccuracy: m.trainAccuracy, testAccuracy: m.testAccuracy });
        c.accuracy.textContent = `${(m.testAccuracy * 100).toFixed(1)}%`;
        const row = document.createElement("tr");
        for (const text of [String(m.epoch), m.trainLoss.toFixed(4), `${(m.trainAccuracy * 100).toFixed(2)}%`, `${(m.testAccuracy * 100).toFixed(2)}%`]) {
          const cell = document.createElement("td");
          cell.textContent = text;
          row.append(cell);
        }
        c.epochs_.append(row);
        c.epochs_.closest("table")?.removeAttribute("hidden");
        params = m.params;
        c.download.disabled = false;
        drawCharts();
      } else if (m.type === "done") {
        c.status.textContent = m.message;
        if (m.outcome === "diverged") c.error.textContent = `error: ${m.message}`;
        setState("finished");
      } else if (m.type === "failed") {
        c.error.textContent = `error: ${m.message}`;
        setState(state === "loading" ? "loading" : "idle");
      }
    };
    setState("loading");
    clearAll();
    window.addEventListener("resize", () => drawCharts());
    return { handle };
  };

  // site/main.ts
  var byId2 = (id) => {
    const e = document.getElementById(id);
    if (e === null) throw new Error(`the page has no #${id}`);
    return e;
  };
  var modelMenu = byId2("model");
  var modelInfo = byId2("model-info");
  var modelError = byId2("model-error");
  var prediction = byId2("prediction");
  var seen = byId2("seen");
  var flow2 = createFlow(byId2("flow-stages"), byId2("explain"), byId2("bars"));
  var backward = createBackward(byId2("backward"));
  var models = /* @__PURE__ */ new Map();
  var input;
  var current = () => models.get(modelMenu.value);
  var predict = () => {
    const model = current();
    if (model === void 0 || input === void 0) {
      prediction.textContent = "?";
      prediction.setAttribute("aria-label", "no digit drawn yet");
      return;
    }
    const [answer] = classify(model.net, model.params, tensor([1, 1, 28, 28], input));
    prediction.textContent = model.classes[answer];
    prediction.removeAttribute("aria-label");
  };
  var showModel = () => {
    const model = current();
    modelInfo.textContent = model?.summary ?? "";
    flow2.setModel(model);
    backward.setModel(model);
    gallery.setModel(model);
    predict();
  };
  var setInput = (next, label) => {
    input = next;
    backward.setInput(next, label);
    paintMap(seen, next ?? new Float32Array(784), 0, 28, 28, greyScale);
    flow2.setInput(next);
    predict();
  };
  var offer = (value, model, select) => {
    models.set(value, model);
    let option = Array.from(modelMenu.options).find((o) => o.value === value);
    if (option === void 0) {
      option = new Option(model.label, value);
      modelMenu.append(option);
    }
    option.textContent = model.label;
    if (select) modelMenu.value = value;
    if (select || modelMenu.value === value) showModel();
  };
  modelMenu.addEventListener("change", showModel);
  var pendingLabel;
  var pad = createPad(byId2("pad"), (next) => setInput(next, pendingLabel));
  byId2("clear").addEventListener("click", () => pad.clear());
  var showDigit = (digit) => {
    pendingLabel = digit.label;
    pad.show(digit.pixels);
    pendingLabel = void 0;
  };
  var gallery = createGallery(byId2("gallery"), byId2("sample"), byId2("sample-note"), showDigit);
  setInput(void 0);
  var loaded = 0;
  var loadFile = async (file) => {
    const result = readModel(await file.text(), file.name, `${file.name} (loaded)`);
    if (isLeft2(result)) {
      modelError.textContent = result.left;
      return;
    }
    modelError.textContent = "";
    loaded++;
    offer(`file-${loaded}`, result.right, true);
  };
  var picker = byId2("model-file");
  picker.addEventListener("change", () => {
    const file = picker.files?.[0];
    if (file !== void 0) void loadFile(file);
    picker.value = "";
  });
  var dropZone = byId2("drop-zone");
  document.addEventListener("dragover", (event) => {
    if (!event.dataTransfer?.types.includes("Files")) return;
    event.preventDefault();
    dropZone.classList.add("dragging");
  });
  document.addEventListener("dragleave", (event) => {
    if (event.relatedTarget === null) dropZone.classList.remove("dragging");
  });
  document.addEventListener("drop", (event) => {
    event.preventDefault();
    dropZone.classList.remove("dragging");
    const file = event.dataTransfer?.files[0];
    if (file !== void 0) void loadFile(file);
  });
  var SHIPPED = [
    { value: "original", file: "models/original.json", label: "the original network (npm run train, 92.26%)" },
    { value: "convnetjs", file: "models/convnetjs.json", label: "the ConvNetJS network (99.06%)" }
  ];
  for (const [n, m] of SHIPPED.entries()) {
    void fetchModel(m.file, m.label).then((result) => {
      if (isLeft2(result)) {
        modelError.textContent = result.left;
        return;
      }
      offer(m.value, result.right, n === 0 && modelMenu.value === "");
    });
  }
  var worker = new Worker("worker.js");
  var panel = createTrainPanel(worker, (live) => {
    if (live === void 0) {
      models.delete("live");
      const option = Array.from(modelMenu.options).find((o) => o.value === "live");
      const wasSelected = modelMenu.value === "live";
      option?.remove();
      if (wasSelected) {
        modelMenu.value = SHIPPED[0].value;
        showModel();
      }
      return;
    }
    const first = !models.has("live");
    offer("live", { net: live.net, params: live.params, classes: Array.from({ length: 10 }, (_, i) => String(i)), label: `being trained: ${live.arch}`, summary: `${live.arch}, being trained in this page` }, first);
  });
  var dataNote = byId2("data-note");
  worker.addEventListener("message", (event) => {
    const m = event.data;
    if (m.type === "ready") {
      dataNote.textContent = `The page trains on ${m.train.toLocaleString("en-US")} MNIST digits and measures on ${m.test.toLocaleString("en-US")} others, shipped with it (${(m.bytes / 1e6).toFixed(1)} MB, gzipped): the first ${m.train.toLocaleString("en-US")} training digits and the first ${m.test.toLocaleString("en-US")} test digits of the original experiment's split. npm run train uses all 56,000 and 14,000.`;
    }
    if (m.type === "failed") console.error(m.message);
    panel.handle(m);
  });
  worker.addEventListener("error", (event) => console.error(`training worker: ${event.message}`));
  byId2("clear").addEventListener("click", () => {
    byId2("sample-note").textContent = "";
  });
})();
