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
      return function(self2) {
        return body.apply(void 0, __spreadArray([self2], args, false));
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
    return function(name, fb) {
      return function(fa) {
        return F.ap(F.map(fa, function(a) {
          return function(b) {
            var _a;
            return Object.assign({}, a, (_a = {}, _a[name] = b, _a));
          };
        }), fb);
      };
    };
  }

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
    return function(name, f) {
      return function(ma) {
        return M.chain(ma, function(a) {
          return M.map(f(a), function(b) {
            var _a;
            return Object.assign({}, a, (_a = {}, _a[name] = b, _a));
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
  var chainFirst = tap2;

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
  var float32 = (n) => new Float32Array(n);
  var int32 = (n) => new Int32Array(n);
  var floatsLike = (like, n) => like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);

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
    const sums = new Float64Array(k);
    for (let at = 0; at < rows.length; at += k) for (let j = 0; j < k; j++) sums[j] += rows[at + j];
    return sums;
  };
  var BN_EPSILON = 1e-5;
  var BN_MOMENTUM = 0.1;
  var channelsOf = (x) => {
    const N = batchOf(x);
    const C = x.shape[1] ?? 1;
    return { N, C, S: x.data.length / (N * C) };
  };
  var channelStats = (x, N, C, S, share = alone) => {
    const rows = new Float64Array(N * C);
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < C; c++) {
        const run = (n * C + c) * S;
        let sum = 0;
        for (let s = 0; s < S; s++) sum += x[run + s];
        rows[n * C + c] = sum;
      }
    }
    const all = share(rows);
    const M = all.length / C * S;
    const mean = sumRows(all, C).map((sum) => sum / M);
    const squares = new Float64Array(N * C);
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < C; c++) {
        const run = (n * C + c) * S;
        const mu = mean[c];
        let sum = 0;
        for (let s = 0; s < S; s++) {
          const d = x[run + s] - mu;
          sum += d * d;
        }
        squares[n * C + c] = sum;
      }
    }
    const variance = sumRows(share(squares), C).map((sum) => sum / M);
    return [mean, variance, M];
  };
  var normalise = (x, N, C, S, mean, invStd, gamma, beta) => {
    const xHat = floatsLike(x, x.length);
    const y = floatsLike(x, x.length);
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < C; c++) {
        const run = (n * C + c) * S;
        const mu = mean[c];
        const scale = invStd[c];
        const g = gamma[c];
        const b = beta[c];
        for (let s = 0; s < S; s++) {
          xHat[run + s] = (x[run + s] - mu) * scale;
          y[run + s] = g * xHat[run + s] + b;
        }
      }
    }
    return [xHat, y];
  };
  var batchNormBackward = (dy, cache, gamma, N, C, S) => {
    const { xHat, invStd, M, training } = cache;
    const rows = new Float64Array(N * 2 * C);
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < C; c++) {
        const run = (n * C + c) * S;
        let sumDy = 0;
        let sumDyXHat = 0;
        for (let s = 0; s < S; s++) {
          sumDy += dy[run + s];
          sumDyXHat += dy[run + s] * xHat[run + s];
        }
        rows[n * 2 * C + c] = sumDy;
        rows[n * 2 * C + C + c] = sumDyXHat;
      }
    }
    const own2 = sumRows(rows, 2 * C);
    const w = N * S / M;
    const sums = training && cache.share !== alone ? sumRows(cache.share(rows.map((v) => v * w)), 2 * C).map((v) => v / w) : own2;
    const dx = floatsLike(dy, dy.length);
    const [dGamma, dBeta, dMean, dVariance] = [0, 1, 2, 3].map(() => floatsLike(gamma, C));
    for (let c = 0; c < C; c++) {
      const sumDy = sums[c];
      const sumDyXHat = sums[C + c];
      dBeta[c] = own2[c];
      dGamma[c] = own2[C + c];
      const k = gamma[c] * invStd[c];
      const [shift, slope] = training ? [k / M * sumDy, k / M * sumDyXHat] : [0, 0];
      for (let n = 0; n < N; n++) {
        const run = (n * C + c) * S;
        for (let s = 0; s < S; s++) dx[run + s] = k * dy[run + s] - shift - slope * xHat[run + s];
      }
      if (!training) {
        dMean[c] = -k * sumDy;
        dVariance[c] = -0.5 * k * invStd[c] * sumDyXHat;
      }
    }
    return [dx, dGamma, dBeta, dMean, dVariance];
  };
  var settledStats = (mean, variance, cache) => {
    const C = mean.length;
    const nextMean = floatsLike(mean, C);
    const nextVariance = floatsLike(variance, C);
    const unbias = cache.M / (cache.M - 1);
    for (let c = 0; c < C; c++) {
      nextMean[c] = (1 - BN_MOMENTUM) * mean[c] + BN_MOMENTUM * cache.batchMean[c];
      nextVariance[c] = (1 - BN_MOMENTUM) * variance[c] + BN_MOMENTUM * cache.batchVar[c] * unbias;
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
      const { N, C, S } = channelsOf(x);
      const training = pass !== void 0;
      const share = pass?.share ?? alone;
      const [batchMean, batchVar, M] = training ? channelStats(x.data, N, C, S, share) : [new Float64Array(C), new Float64Array(C), N * S];
      if (training && M < 2) {
        throw new RangeError(`batch normalisation needs at least 2 values per channel to train, got ${M} (a batch of ${M / S} of shape ${showShape(x.shape.slice(1))})`);
      }
      const variance = training ? batchVar : Float64Array.from(params.variance.data);
      const mean = training ? batchMean : Float64Array.from(params.mean.data);
      const invStd = variance.map((v) => 1 / Math.sqrt(v + BN_EPSILON));
      const [xHat, y] = normalise(x.data, N, C, S, mean, invStd, params.gamma.data, params.beta.data);
      return [tensor(x.shape, y), { training, xHat, invStd, batchMean, batchVar, M, share }];
    },
    backward: (params, cache, dy) => {
      const { N, C, S } = channelsOf(dy);
      const [dx, dGamma, dBeta, dMean, dVariance] = batchNormBackward(dy.data, cache, params.gamma.data, N, C, S);
      return [tensor(dy.shape, dx), { gamma: tensor([C], dGamma), beta: tensor([C], dBeta), mean: tensor([C], dMean), variance: tensor([C], dVariance) }];
    },
    settle: (params, cache) => {
      if (!cache.training) return {};
      const [mean, variance] = settledStats(params.mean.data, params.variance.data, cache);
      return { mean: tensor(params.mean.shape, mean), variance: tensor(params.variance.shape, variance) };
    }
  });

  // src/beyond/dropout.ts
  var dropoutMask = (like, N, size, p, pass) => {
    const mask = floatsLike(like, N * size);
    const scale = 1 / (1 - p);
    for (let n = 0; n < N; n++) {
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
        const N = batchOf(x);
        const mask = dropoutMask(x.data, N, x.data.length / N, p, pass);
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
  var conv2dForward = (g, x, weights, bias, N) => {
    const { C, H, W, K, kH, kW, stride, pad, oH, oW } = g;
    const y = floatsLike(x, N * K * oH * oW);
    for (let n = 0; n < N; n++) {
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
  var conv2dBackward = (g, dy, x, weights, N) => {
    const { C, H, W, K, kH, kW, stride, pad, oH, oW } = g;
    const dx = floatsLike(dy, N * C * H * W);
    const dWeights = floatsLike(dy, K * C * kH * kW);
    for (let n = 0; n < N; n++) {
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
  var elementwise = (name, forward, backward) => ({
    name,
    outShape: (inShape) => right2(inShape),
    paramShapes: () => ({}),
    init: (_inShape, rng) => [{}, rng],
    forward: (_params, x) => {
      const [y, cached] = forward(x.data);
      return [tensor(x.shape, y), cached];
    },
    backward: (_params, cached, dy) => [tensor(dy.shape, backward(cached, dy.data)), {}]
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
    const { filters: K, kernelSize: [kH, kW], stride = 1, padding: pad = 0, bias = false } = options;
    const init = initializers[options.init ?? "glorot"];
    const kernels = options.kernels ?? conv2dKernels;
    const name = `conv${kH}x${kW}x${K}${pad ? `p${pad}` : ""}${stride !== 1 ? `s${stride}` : ""}${bias ? "b" : ""}`;
    const geometryOf = (inShape) => convGeometry(inShape[0], inShape[1], inShape[2], K, kH, kW, stride, pad);
    return {
      name,
      outShape: (inShape) => {
        if (inShape.length !== 3) return left2(`${name} needs an input of shape [C, H, W], got ${showShape(inShape)}`);
        const g = geometryOf(inShape);
        if (g.oH < 1 || g.oW < 1) {
          return left2(`${name}: a ${kH}×${kW} kernel does not fit the ${showShape(inShape)} input with padding ${pad}`);
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
    const name = stride === size ? `pool${size}` : `pool${size}s${stride}`;
    const geometryOf = (inShape) => poolGeometry(inShape[0], inShape[1], inShape[2], size, stride);
    return {
      name,
      outShape: (inShape) => {
        if (inShape.length !== 3) return left2(`${name} needs an input of shape [C, H, W], got ${showShape(inShape)}`);
        const g = geometryOf(inShape);
        if (g.oH < 1 || g.oW < 1) return left2(`${name}: a ${size}×${size} window does not fit the ${showShape(inShape)} input`);
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
  var beyondKernels = withBeyondLayers(referenceKernels);

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
  var classNameProblem = (name) => {
    const length = Array.from(name).length;
    if (length === 0) return "is empty";
    if (length > MAX_CLASS_NAME) return `has ${length} characters; at most ${MAX_CLASS_NAME} are allowed`;
    if (CONTROL.test(name)) return "contains a control character";
    const mark = SEPARATOR.exec(name) ?? BIDI.exec(name);
    if (mark !== null) return `contains ${codePoint(mark[0])}, ${SEPARATOR.test(mark[0]) ? "a line or paragraph separator" : "a mark that changes the direction of text"}`;
    if (LONE_SURROGATE.test(name)) return "contains half of a surrogate pair (it is not valid Unicode)";
    return void 0;
  };
  var classNamesProblem = (names, where = (i) => `the name of label ${i}`) => {
    if (names.length > MAX_CLASSES) return `${names.length} names, but labels are bytes, so there are at most ${MAX_CLASSES} classes`;
    const seen = /* @__PURE__ */ new Map();
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const problem = classNameProblem(name);
      if (problem === "is empty") return `${where(i)} is empty`;
      if (problem !== void 0) return `${where(i)}, ${JSON.stringify(name)}, ${problem}`;
      const before = seen.get(name);
      if (before !== void 0) return `${JSON.stringify(name)} is both ${where(before)} and ${where(i)}; names must differ`;
      seen.set(name, i);
    }
    return void 0;
  };
  var MAX_ARCH_LENGTH = 1e3;
  var isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
  var isNumberList = (v) => Array.isArray(v) && v.every((x) => typeof x === "number");
  var own = (record, key) => Object.hasOwn(record, key) ? record[key] : void 0;
  var describe = (v) => v === void 0 ? "missing" : typeof v === "string" ? v.length <= 60 ? JSON.stringify(v) : `${JSON.stringify(`${v.slice(0, 60)}…`)} (${v.length.toLocaleString("en-US")} characters)` : Array.isArray(v) ? `a list of ${v.length.toLocaleString("en-US")}` : isRecord(v) ? "an object" : String(v);
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
    if (own(entry, "layer") !== layer.name) return left2(`${where}: the file says this layer is ${describe(own(entry, "layer"))}`);
    const names = Object.keys(expected);
    const extra = Object.keys(tensors).filter((name) => !Object.hasOwn(expected, name));
    if (extra.length > 0) return left2(`${where}: unexpected tensor ${describe(extra[0])}`);
    const out = {};
    for (const name of names) {
      const t = own(tensors, name);
      const shape = expected[name];
      if (!isRecord(t)) return left2(`${where}: missing tensor "${name}"`);
      const given = own(t, "shape");
      if (!isNumberList(given) || !sameShape(given, shape)) {
        return left2(`${where}: "${name}" has shape ${isNumberList(given) && given.length <= 8 ? showShape(given) : describe(given)}, the architecture needs ${showShape(shape)}`);
      }
      const values = own(t, "data");
      const count = sizeOf(shape);
      if (!isList(values)) return left2(`${where}: "${name}" must have ${count} numbers in "data", but "data" is ${describe(values)}`);
      if (values.length !== count) return left2(`${where}: "${name}" must have ${count} numbers in "data", but it has ${values.length.toLocaleString("en-US")}`);
      if (!isNumberList(values)) {
        const bad2 = values.findIndex((v) => typeof v !== "number");
        return left2(`${where}: "${name}" number ${bad2 + 1} is ${describe(values[bad2])}, not a number`);
      }
      const notFinite = values.findIndex((v) => !Number.isFinite(v));
      if (notFinite >= 0) return left2(`${where}: "${name}" number ${notFinite + 1} is ${values[notFinite]}, not a finite number`);
      const data = float32(values.length);
      data.set(values);
      const bad = firstOverflow(data);
      if (bad !== void 0) return left2(`${where}: "${name}" number ${bad + 1} is ${values[bad]}, beyond the largest float32 (about 3.4e38)`);
      out[name] = tensor(shape, data);
    }
    return right2(out);
  };
  var parseModel = (text, kernels = beyondKernels) => {
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
    if (own(doc, "version") !== MODEL_VERSION) return left2(`unsupported model version ${describe(own(doc, "version"))} (this program reads version ${MODEL_VERSION})`);
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

  // site/modelWorker.ts
  var scope = self;
  scope.addEventListener("message", (event) => {
    void event.data.file.text().then(
      (text) => {
        const parsed = pipe(parseModel(text), chainFirst((m) => checkBudget(m.net, EVALUATION_BATCH)));
        if (isLeft2(parsed)) return scope.postMessage({ type: "refused", message: parsed.left }, []);
        const { net: _, ...fields } = parsed.right;
        const model = fields;
        const buffers = new Set(model.params.flatMap((record) => Object.values(record).map((t) => t.data.buffer)));
        scope.postMessage({ type: "parsed", model }, [...buffers]);
      },
      (error) => scope.postMessage({ type: "refused", message: `cannot read the file (${error instanceof Error ? error.message : String(error)})` }, [])
    );
  });
})();
