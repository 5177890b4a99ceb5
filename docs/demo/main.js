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
  var softmaxCrossEntropyForward = (logits, labels, N, J) => {
    let total = 0;
    for (let n = 0; n < N; n++) total += logSumExp(logits, n * J, J) - logits[n * J + labels[n]];
    return [total / N, softmax(logits, N, J)];
  };
  var softmaxCrossEntropyBackward = (probs, labels, N, J) => {
    const dLogits = floatsLike(probs, N * J);
    for (let n = 0; n < N; n++) {
      const row = n * J;
      const label = labels[n];
      for (let j = 0; j < J; j++) dLogits[row + j] = (probs[row + j] - (j === label ? 1 : 0)) / N;
    }
    return dLogits;
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
      const [out, cache] = net.layers[i].forward(params[i], y, pass && { ...pass, layer: i });
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

  // src/layers/softmaxCrossEntropy.ts
  var softmaxCrossEntropy = {
    name: "softmax-cross-entropy",
    forward: (logits, labels) => {
      const N = batchOf(logits);
      const J = logits.data.length / N;
      if (labels.length !== N) throw new RangeError(`softmaxCrossEntropy: ${N} rows of logits but ${labels.length} labels`);
      for (let n = 0; n < N; n++) {
        if (labels[n] >= J) throw new RangeError(`softmaxCrossEntropy: label ${labels[n]} is not one of the ${J} classes`);
      }
      const [loss, probs] = softmaxCrossEntropyForward(logits.data, labels, N, J);
      return [loss, { probs: tensor(logits.shape, probs), labels }];
    },
    backward: ({ probs, labels }) => {
      const N = batchOf(probs);
      return tensor(probs.shape, softmaxCrossEntropyBackward(probs.data, labels, N, probs.data.length / N));
    }
  };

  // src/core/params.ts
  var mapLeaves = (trees, f) => trees[0].map((record, layer) => {
    const out = {};
    for (const name2 of Object.keys(record)) {
      out[name2] = f(
        trees.map((tree) => tree[layer][name2]),
        { layer, name: name2 }
      );
    }
    return out;
  });
  var leavesOf = (tree) => tree.flatMap((record, layer) => Object.keys(record).map((name2) => ({ layer, name: name2, value: record[name2] })));
  var countParams = (tree) => leavesOf(tree).reduce((total, { value }) => total + value.data.length, 0);

  // src/optim/optimizer.ts
  var rateAt = (lr, step) => typeof lr === "number" ? lr : lr(step);
  var showRate = (lr) => typeof lr === "number" ? `${lr}` : "scheduled";

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
  var backwardTrace = (net, params, x, target) => {
    const n = net.layers.length;
    const outputs = new Array(n);
    const caches = new Array(n);
    let y = x;
    for (let i = 0; i < n; i++) {
      const [out, cache] = net.layers[i].forward(params[i], y);
      outputs[i] = out;
      caches[i] = cache;
      y = out;
    }
    let loss;
    let probs;
    let d;
    if ("shape" in target) {
      d = target;
    } else {
      const [value, cache] = softmaxCrossEntropy.forward(y, target);
      loss = value;
      probs = cache.probs;
      d = softmaxCrossEntropy.backward(cache);
    }
    const dOutputs = new Array(n);
    const grads = new Array(n);
    for (let i = n - 1; i >= 0; i--) {
      dOutputs[i] = d;
      const [dx, dParams] = net.layers[i].backward(params[i], caches[i], d);
      grads[i] = dParams;
      d = dx;
    }
    return { outputs, caches, loss, probs, dOutputs, dInput: d, grads };
  };

  // src/beyond/batchNorm.ts
  var alone = (rows) => rows;
  var sumRows = (rows, k) => {
    const sums = new Float64Array(k);
    for (let at2 = 0; at2 < rows.length; at2 += k) for (let j = 0; j < k; j++) sums[j] += rows[at2 + j];
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
  var valuesPerChannel = (inShape, N) => N * (sizeOf(inShape) / inShape[0]);

  // site/arithmetic.ts
  var kindOf = (name2) => {
    const conv = /^conv(\d+)x(\d+)x(\d+)(?:p(\d+))?(?:s(\d+))?(b)?$/.exec(name2);
    if (conv) return { kind: "conv", kH: Number(conv[1]), kW: Number(conv[2]), filters: Number(conv[3]), pad: Number(conv[4] ?? 0), stride: Number(conv[5] ?? 1), bias: conv[6] === "b" };
    const pool = /^pool(\d+)(?:s(\d+))?$/.exec(name2);
    if (pool) return { kind: "pool", size: Number(pool[1]), stride: Number(pool[2] ?? pool[1]) };
    const dense2 = /^dense(\d+)$/.exec(name2);
    if (dense2) return { kind: "dense", outputs: Number(dense2[1]) };
    if (name2 === "flatten") return { kind: "flatten" };
    if (name2 === "bn") return { kind: "bn" };
    const drop = /^drop(\d*\.?\d+)$/.exec(name2);
    if (drop) return { kind: "dropout", p: Number(drop[1]) };
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
  var denseTerms = (weights, bias, x, o, shown = 5) => {
    const F = x.length;
    const products = [];
    let total = 0;
    for (let f = 0; f < F; f++) {
      products.push(weights[o * F + f] * x[f]);
      total += products[f];
    }
    const order = products.map((_, f) => f).sort((a, b) => Math.abs(products[b]) - Math.abs(products[a]) || a - b);
    const top = order.slice(0, Math.min(shown, F)).map((f) => ({ f, w: weights[o * F + f], x: x[f], product: products[f] }));
    const kept = new Set(top.map((t) => t.f));
    let rest = 0;
    for (let f = 0; f < F; f++) if (!kept.has(f)) rest += products[f];
    return { kind: "dense", output: o, top, rest: { count: F - top.length, sum: rest }, bias: bias[o], value: total + bias[o] };
  };
  var batchNormTerms = (input2, params, c) => {
    const [mean, variance, gamma, beta] = [params.mean[c], params.variance[c], params.gamma[c], params.beta[c]];
    const std = Math.sqrt(variance + BN_EPSILON);
    const xHat = (input2 - mean) / std;
    return { kind: "bn", input: input2, mean, variance, std, xHat, gamma, beta, value: xHat * gamma + beta };
  };
  var dropoutTerms = (layer, input2) => ({ kind: "dropout", p: layer.p, input: input2, value: input2 });
  var softmaxTerms = (z, j) => {
    const scores = Array.from(z);
    let argmax = 0;
    for (let k = 1; k < scores.length; k++) if (scores[k] > scores[argmax]) argmax = k;
    const m = scores[argmax];
    const exps = scores.map((v) => Math.exp(v - m));
    const sum = exps.reduce((a, b) => a + b, 0);
    return { kind: "softmax", j, z: scores, m, argmax, exps, sum, value: exps[j] / sum };
  };
  var num = (v) => {
    const text = v.toFixed(3);
    return text === "-0.000" ? "0.000" : text.replace("-", "−");
  };
  var factor = (v) => v < 0 && num(v) !== "0.000" ? `(${num(v)})` : num(v);
  var SUPERSCRIPT = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };
  var small = (v) => {
    if (v === 0 || Math.abs(v) >= 5e-4) return num(v);
    const [mantissa, exponent] = v.toExponential(2).split("e");
    return `${mantissa.replace("-", "−")}·10${Array.from(String(Number(exponent)), (ch) => SUPERSCRIPT[ch] ?? ch).join("")}`;
  };
  var percent = (p) => `${(p * 100).toFixed(1)}%`;
  var formatTerms = (t) => {
    if (t.kind === "bn") return formatBatchNorm(t);
    if (t.kind === "dropout") return `y = x = ${num(t.value)}`;
    if (t.kind === "dense") return formatDense(t);
    if (t.kind === "softmax") return formatSoftmax(t).join("\n");
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
  var formatBatchNorm = (t) => `(${num(t.input)} − ${factor(t.mean)}) / √(${small(t.variance)} + 10⁻⁵) · ${factor(t.gamma)} + ${factor(t.beta)} = ${factor(t.xHat)} · ${factor(t.gamma)} + ${factor(t.beta)} = ${num(t.value)}`;
  var formatDense = (t) => {
    const products = t.top.map((term) => `${factor(term.w)}·${factor(term.x)}`);
    const rest = t.rest.count === 0 ? [] : [`… (${t.rest.count} more term${t.rest.count === 1 ? "" : "s"}, summing to ${num(t.rest.sum)})`];
    return `${[...products, ...rest, factor(t.bias)].join(" + ")} = ${num(t.value)}`;
  };
  var formatSoftmax = (t, names = t.z.map((_, k) => String(k))) => {
    const j = names[t.j] ?? String(t.j);
    return [
      `m = max z = ${num(t.m)} (class ${names[t.argmax] ?? t.argmax})`,
      `e^(z[${j}] − m) = e^(${num(t.z[t.j])} − ${factor(t.m)}) = e^${factor(t.z[t.j] - t.m)} = ${small(t.exps[t.j])}`,
      `Σ_k e^(z[k] − m) = ${t.exps.map(small).join(" + ")} = ${num(t.sum)}`,
      `p[${j}] = ${small(t.exps[t.j])} / ${num(t.sum)} = ${small(t.value)} = ${percent(t.value)}`
    ];
  };

  // site/backwardArithmetic.ts
  var softmaxBackTerms = (logits, target, j) => {
    let max = -Infinity;
    for (let n = 0; n < logits.length; n++) max = Math.max(max, logits[n]);
    let sum = 0;
    for (let n = 0; n < logits.length; n++) sum += Math.exp(logits[n] - max);
    const p = Math.exp(logits[j] - max) / sum;
    const onehot = j === target ? 1 : 0;
    return { kind: "softmax", j, target, p, onehot, value: p - onehot };
  };
  var denseInputTerms = (dy, weights, F, f) => {
    const products = [];
    let value = 0;
    for (let o = 0; o < dy.length; o++) {
      const w = weights[o * F + f];
      products.push({ at: [o], dy: dy[o], other: w });
      value += dy[o] * w;
    }
    return { kind: "dense-input", f, products, value };
  };
  var denseWeightTerms = (dy, x, o, f) => ({ kind: "dense-weight", o, f, dy: dy[o], x: x[f], value: dy[o] * x[f] });
  var activationBackTerms = (layer, x, y, dy) => {
    const slope = layer.name === "tanh" ? 1 - y * y : layer.name === "sigmoid" ? y * (1 - y) : x > 0 ? 1 : layer.alpha;
    return { kind: "activation", name: layer.name, alpha: layer.alpha, x, y, dy, slope, value: dy * slope };
  };
  var poolBackTerms = (layer, dy, argmax, H, W, c, h, w) => {
    const { size, stride } = layer;
    const windows = [];
    let value = 0;
    const flat = (c * H + h) * W + w;
    for (let i = 0; i < dy.H; i++) {
      if (h < i * stride || h >= i * stride + size) continue;
      for (let j = 0; j < dy.W; j++) {
        if (w < j * stride || w >= j * stride + size) continue;
        const out = (c * dy.H + i) * dy.W + j;
        const won = argmax[out] === flat;
        windows.push({ i, j, dy: dy.data[out], won });
        if (won) value += dy.data[out];
      }
    }
    return { kind: "pool", windows, value };
  };
  var convInputTerms = (layer, dy, weights, C, c, h, w) => {
    const { kH, kW, pad: pad2, stride } = layer;
    const filters = [];
    let value = 0;
    for (let k = 0; k < dy.C; k++) {
      const products = [];
      let sum = 0;
      for (let u = 0; u < kH; u++) {
        const si = h + pad2 - u;
        if (si < 0 || si % stride !== 0 || si / stride >= dy.H) continue;
        const i = si / stride;
        for (let v = 0; v < kW; v++) {
          const sj = w + pad2 - v;
          if (sj < 0 || sj % stride !== 0 || sj / stride >= dy.W) continue;
          const j = sj / stride;
          const g = dy.data[(k * dy.H + i) * dy.W + j];
          const wv = weights[((k * C + c) * kH + u) * kW + v];
          products.push({ at: [k, i, j, u, v], dy: g, other: wv });
          sum += g * wv;
        }
      }
      filters.push({ k, products, sum });
      value += sum;
    }
    return { kind: "conv-input", filters, value };
  };
  var convWeightTerms = (layer, dy, x, k, c, u, v) => {
    const { pad: pad2, stride } = layer;
    const products = [];
    let value = 0;
    for (let i = 0; i < dy.H; i++) {
      for (let j = 0; j < dy.W; j++) {
        const [h, w] = [i * stride + u - pad2, j * stride + v - pad2];
        const xv = h >= 0 && h < x.H && w >= 0 && w < x.W ? x.data[(c * x.H + h) * x.W + w] : 0;
        const g = dy.data[(k * dy.H + i) * dy.W + j];
        products.push({ at: [k, i, j], dy: g, other: xv });
        value += g * xv;
      }
    }
    return { kind: "conv-weight", products, value };
  };
  var batchNormBackTerms = (dy, gamma, variance) => {
    const slope = gamma / Math.sqrt(variance + BN_EPSILON);
    return { kind: "bn", dy, gamma, variance, slope, value: dy * slope };
  };
  var dropoutBackTerms = (p, dy) => ({ kind: "dropout", p, dy, value: dy });
  var finiteDifference = (plus, mid, minus, eps, agree = 0.01) => {
    const right3 = (plus - mid) / eps;
    const left3 = (mid - minus) / eps;
    const central = (plus - minus) / (2 * eps);
    return { central, right: right3, left: left3, kink: Math.abs(right3 - left3) > agree * Math.max(Math.abs(right3), Math.abs(left3)) + 2e-3 };
  };
  var gnum = (v) => {
    if (v === 0 || !Number.isFinite(v)) return v === 0 ? "0" : String(v);
    const a = Math.abs(v);
    if (a >= 1e-3 && a < 1e4) return v.toPrecision(4).replace("-", "−");
    const [mantissa, exponent] = v.toExponential(3).split("e");
    const superscript = (s) => s.replace(/[-+0-9]/g, (ch) => ({ "-": "⁻", "+": "" })[ch] ?? "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(ch)]);
    return `${mantissa.replace("-", "−")}·10${superscript(exponent)}`;
  };
  var factor2 = (v) => v < 0 ? `(${gnum(v)})` : gnum(v);
  var sumOf = (products, shown) => {
    const nonzero = products.filter((p) => p.dy * p.other !== 0);
    const zero = products.length - nonzero.length;
    const parts = nonzero.slice(0, shown).map((p) => `${factor2(p.dy)}·${factor2(p.other)}`);
    if (nonzero.length > shown) parts.push(`… (${nonzero.length - shown} more)`);
    if (zero > 0) parts.push(`${zero} × 0`);
    return parts.length === 0 ? "0" : parts.join(" + ");
  };
  var formatBackTerms = (t, shown = 12) => {
    switch (t.kind) {
      case "softmax":
        return `p${sub(t.j)} − [${t.j} = ${t.target}] = ${gnum(t.p)} − ${t.onehot} = ${gnum(t.value)}`;
      case "dense-input":
        return `${sumOf(t.products, shown)} = ${gnum(t.value)}`;
      case "dense-weight":
        return `${factor2(t.dy)} · ${factor2(t.x)} = ${gnum(t.value)}`;
      case "activation":
        return `${factor2(t.dy)} · ${slopeText(t)} = ${gnum(t.value)}`;
      case "pool": {
        const won = t.windows.filter((w) => w.won);
        return won.length === 0 ? `won none of its ${t.windows.length} window${t.windows.length === 1 ? "" : "s"}: 0` : `${won.map((w) => factor2(w.dy)).join(" + ")} = ${gnum(t.value)}`;
      }
      case "conv-input":
        return t.filters.length === 1 ? `${sumOf(t.filters[0].products, shown)} = ${gnum(t.value)}` : `${t.filters.map((f) => factor2(f.sum)).join(" + ")} = ${gnum(t.value)}`;
      case "conv-weight":
        return `${sumOf(t.products, shown)} = ${gnum(t.value)}`;
      case "flatten":
        return `the same number: ${gnum(t.value)}`;
      case "bn":
        return `∂L/∂y · γ/√(variance + ε) = ${factor2(t.dy)} · ${factor2(t.gamma)}/√(${gnum(t.variance)} + 10⁻⁵) = ${gnum(t.value)}`;
      case "dropout":
        return `∂L/∂y = ${gnum(t.value)} (dropout ${t.p} is off when predicting: the identity)`;
    }
  };
  var slopeText = (t) => {
    if (t.name === "tanh") return `(1 − ${factor2(t.y)}²)`;
    if (t.name === "sigmoid") return `${factor2(t.y)}·(1 − ${factor2(t.y)})`;
    return t.x > 0 ? "1" : `${t.alpha}`;
  };
  var sub = (n) => String(n).replace(/[0-9]/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]);

  // site/dom.ts
  var byId = (id) => {
    const e = document.getElementById(id);
    if (e === null) throw new Error(`the page has no #${id}`);
    return e;
  };
  var element = (tag, className2 = "", text = "") => {
    const e = document.createElement(tag);
    if (className2) e.className = className2;
    if (text) e.textContent = text;
    return e;
  };
  var ANNOTATED = "../annotated/";
  var EXPLAINED_IN = {
    input: ["data/dataset.html", "data/dataset.ts"],
    conv: ["layers/conv2d.html#conv2d", "layers/conv2d.ts"],
    activation: ["layers/activations.html", "layers/activations.ts"],
    pool: ["layers/maxPool.html#maxPool", "layers/maxPool.ts"],
    dense: ["layers/dense.html#dense", "layers/dense.ts"],
    flatten: ["layers/flatten.html#flatten", "layers/flatten.ts"],
    softmax: ["layers/softmaxCrossEntropy.html#softmaxCrossEntropy", "layers/softmaxCrossEntropy.ts"],
    bn: ["beyond/batchNorm.html#batchNorm", "beyond/batchNorm.ts"],
    dropout: ["beyond/dropout.html#dropout", "beyond/dropout.ts"]
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
  var GREYS = Array.from({ length: 256 }, (_, g) => [g, g, g]);
  var greyScale = (v) => GREYS[Math.round(255 * (1 - Math.min(1, Math.max(0, v)))) || 0];
  var LEVELS = 255;
  var TOWARDS_BLUE = Array.from({ length: LEVELS + 1 }, (_, n) => mix(WHITE, BLUE, n / LEVELS));
  var TOWARDS_RED = Array.from({ length: LEVELS + 1 }, (_, n) => mix(WHITE, RED, n / LEVELS));
  var divergingScale = (m) => {
    const inv = m > 0 ? LEVELS / m : 0;
    return (v) => {
      const t = Math.round(Math.max(-LEVELS, Math.min(LEVELS, v * inv))) || 0;
      return t < 0 ? TOWARDS_BLUE[-t] : TOWARDS_RED[t];
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
    const bytes = image.data;
    for (let p = 0; p < H * W; p++) {
      const colour = scale(values[offset + p]);
      bytes[p * 4] = colour[0];
      bytes[p * 4 + 1] = colour[1];
      bytes[p * 4 + 2] = colour[2];
      bytes[p * 4 + 3] = 255;
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
          const colour = scale(values[(c * H + y) * W + x]);
          const at2 = ((top + y) * width + left3 + x) * 4;
          image.data[at2] = colour[0];
          image.data[at2 + 1] = colour[1];
          image.data[at2 + 2] = colour[2];
          image.data[at2 + 3] = 255;
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

  // site/backward.ts
  var DEFAULT_LR = 0.01;
  var EPS = 1e-3;
  var MODEL_INTERVAL_MS = 1e3;
  var INPUT_INTERVAL_MS = 100;
  var backwardRule = (kind) => {
    if (kind.kind === "conv") {
      const p = kind.pad > 0 ? `+${kind.pad}` : "";
      return `each input value collects ∂L/∂y times the weight that joined them, over every filter and kernel position: ∂L/∂x[c,h,w] = Σ_k Σ_(u,v) ∂L/∂y[k, h−u${p}, w−v${p}]·w[k,c,u,v]${kind.stride !== 1 ? ` (stride ${kind.stride}: only where a window started, (h−u${p})/${kind.stride} whole)` : ""}`;
    }
    if (kind.kind === "activation") {
      if (kind.name === "tanh") return "∂L/∂x = ∂L/∂y · (1 − y²), tanh's slope";
      if (kind.name === "sigmoid") return "∂L/∂x = ∂L/∂y · y(1 − y), the sigmoid's slope";
      return `∂L/∂x = ∂L/∂y · (1 where x > 0, else ${kind.alpha}): the gradient passes where the unit was on${kind.alpha > 0 ? " and shrinks where it was off" : " and stops where it was off"}`;
    }
    if (kind.kind === "pool") return "each window's gradient goes to the value that won it; the others get 0";
    if (kind.kind === "dense") return "∂L/∂x_f = Σ_o ∂L/∂y_o · W[o,f]: every output sends back its gradient along its weight";
    if (kind.kind === "bn") return "∂L/∂x = ∂L/∂y · γ/√(variance + ε): predicting, batch normalisation is a fixed scale and shift per channel (its mean and variance kept from training), so the gradient is scaled by the channel's slope";
    if (kind.kind === "dropout") return `∂L/∂x = ∂L/∂y: dropout ${kind.p} is off when predicting (the identity), so the gradient passes unchanged`;
    return "the same numbers, read back in the shape before flattening";
  };
  var percent2 = (p) => `${(p * 100).toFixed(1)}%`;
  var percents = (a, b, most) => {
    for (let d = 1; d <= most; d++) if ((a * 100).toFixed(d) !== (b * 100).toFixed(d)) return [`${(a * 100).toFixed(d)}%`, `${(b * 100).toFixed(d)}%`];
    return [percent2(a), percent2(b)];
  };
  var zoomOf = (width) => Math.max(3, Math.min(24, Math.floor(260 / width)));
  var fixed = (v, digits = 3) => v.toFixed(digits).replace("-", "−");
  var zerosLike = (t) => tensor(t.shape, new Float32Array(t.data.length));
  var isPoolCache = (cache) => typeof cache === "object" && cache !== null && "argmax" in cache;
  var createBackward = (root) => {
    let model;
    let params;
    let steps = 0;
    let input2;
    let target = 0;
    let picked = false;
    let label;
    let structure = "";
    let stages = [];
    let trace;
    let x;
    let probe;
    let lastStep;
    let lastModelAt = -Infinity;
    root.replaceChildren();
    root.classList.add("bw");
    const intro = element("p", "bw-intro");
    intro.append(
      "Learning moves every number of the network a little way downhill. For the digit in the pad and a target class, the loss is ",
      element("em", "", "L = −ln p"),
      " (p: the probability the model gives the target), and the ",
      element("strong", "", "gradient"),
      " of a number is how much the loss would change per unit change of that number. The backward pass computes all of them at once, from the end of the network to its input, by the chain rule. Red means increasing that number would ",
      element("em", "", "raise"),
      " the loss, blue that it would lower it; white, that it hardly matters. A step of learning subtracts a small multiple of each gradient."
    );
    const hint = element("p", "bw-hint muted", "Draw a digit in panel 1 (or show a test digit) to see the gradients it gives.");
    const content = element("div", "bw-content");
    content.hidden = true;
    const controls = element("div", "bw-controls");
    const targetLabel = element("label", "bw-target");
    targetLabel.htmlFor = "bw-target";
    targetLabel.textContent = "Target class";
    const targetMenu = element("select");
    targetMenu.id = "bw-target";
    targetMenu.dataset.testid = "target-class";
    const targetNote = element("span", "bw-target-note muted small");
    const lossLine = element("p", "bw-loss-line");
    const targetProb = element("strong");
    targetProb.dataset.testid = "target-prob";
    const lossValue = element("strong");
    lossValue.id = "bw-loss";
    lossLine.append("p(target) = ", targetProb, ", loss L = −ln p = ", lossValue);
    const targetBox = element("div", "bw-target-box");
    targetBox.append(targetLabel, targetMenu, targetNote);
    controls.append(targetBox, lossLine);
    const stepBox = element("div", "bw-step");
    const lrLabel = element("label", "", "Learning rate η");
    lrLabel.htmlFor = "bw-lr";
    const lrInput = element("input");
    lrInput.id = "bw-lr";
    lrInput.type = "text";
    lrInput.inputMode = "decimal";
    lrInput.autocomplete = "off";
    lrInput.value = String(DEFAULT_LR);
    lrInput.size = 6;
    const stepButton = element("button", "primary", "Take one step");
    stepButton.type = "button";
    stepButton.dataset.testid = "take-step";
    const resetButton = element("button", "", "Back to the model");
    resetButton.type = "button";
    resetButton.id = "bw-reset";
    resetButton.disabled = true;
    const stepState = element("span", "bw-step-state muted small");
    stepState.setAttribute("aria-live", "polite");
    const stepError = element("p", "error");
    stepError.setAttribute("role", "alert");
    const stepRow = element("div", "bw-step-row");
    stepRow.append(lrLabel, lrInput, stepButton, resetButton, stepState);
    const stepNote = element("p", "muted small", "One step of plain SGD (");
    const sgdLink = element("a", "", "optim/sgd.ts");
    sgdLink.href = `${ANNOTATED}optim/sgd.html#sgd`;
    stepNote.append(sgdLink, ") from this digit alone: every weight w becomes w − η·∂L/∂w. The stepped weights stay in this panel; the other panels keep the model.");
    const change = element("div", "bw-change");
    change.id = "bw-change";
    change.hidden = true;
    stepBox.append(stepRow, stepNote, stepError, change);
    const grid = element("div", "bw-grid");
    const stagesBox = element("div", "bw-stages");
    const explainBox = element("aside", "bw-explain-box");
    const explainTitle = element("h3", "", "How this gradient was made");
    explainTitle.id = "bw-explain-title";
    explainBox.setAttribute("aria-labelledby", explainTitle.id);
    const explain = element("div", "bw-explain");
    explain.id = "bw-explain";
    explain.setAttribute("aria-live", "polite");
    explainBox.append(explainTitle, explain);
    grid.append(stagesBox, explainBox);
    content.append(controls, stepBox, grid);
    root.append(intro, hint, content);
    const stageBox = (title, what, kind, linkText = "") => {
      const box = element("section", "bw-stage");
      const head2 = element("header", "bw-stage-head");
      head2.append(element("h3", "", title), element("p", "bw-stage-what", what));
      if (kind !== void 0) {
        const [href, file] = EXPLAINED_IN[kind];
        const link = element("a", "bw-stage-link", linkText || `explained in ${file}`);
        link.href = ANNOTATED + href;
        head2.append(link);
      }
      box.append(head2);
      stagesBox.append(box);
      return box;
    };
    const consumerOf = (layer) => {
      if (model === void 0) return layer + 1;
      let j = layer + 1;
      while (j < model.net.layers.length && model.net.layers[j].name === "flatten") j++;
      return j;
    };
    const buildMaps = (box, layer, shape, name2, withInk) => {
      const [C, H, W] = shape;
      const canvases = [];
      const probes = [];
      const maps = element("div", `bw-maps ${H === 1 ? "strip" : C === 1 ? "one" : C <= 8 ? "few" : "many"}`);
      let ink;
      if (withInk) {
        const figure = element("figure", "bw-map");
        ink = element("canvas", "bw-ink");
        ink.width = W;
        ink.height = H;
        ink.setAttribute("aria-hidden", "true");
        figure.append(ink, element("figcaption", "", "the input"));
        maps.append(figure);
      }
      for (let c = 0; c < C; c++) {
        const figure = element("figure", "bw-map");
        const frame2 = element("div", "bw-map-frame");
        const canvas = element("canvas");
        canvas.width = W;
        canvas.height = H;
        canvas.dataset.grad = layer < 0 ? "input" : String(layer);
        const mark = element("div", "bw-probe");
        mark.hidden = true;
        frame2.append(canvas, mark);
        figure.append(frame2);
        if (C > 1) figure.append(element("figcaption", "", `${c + 1}`));
        else if (withInk) figure.append(element("figcaption", "", "∂L/∂x"));
        maps.append(figure);
        canvases.push(canvas);
        probes.push(mark);
      }
      const range = element("p", "bw-range");
      box.append(maps, range);
      const stage = { kind: "maps", layer, canvases, probes, range, C, H, W, ink };
      maps.tabIndex = 0;
      maps.setAttribute("role", "group");
      maps.setAttribute("aria-label", `Gradient of ${name2}: ${C} map${C === 1 ? "" : "s"} of ${H}×${W}. Arrow keys move through the values, [ and ] change the map; the arithmetic is shown beside the maps.`);
      canvases.forEach((canvas, c) => {
        const point = (event) => {
          const y = Math.min(H - 1, Math.max(0, Math.floor(event.offsetY / canvas.clientHeight * H)));
          const x2 = Math.min(W - 1, Math.max(0, Math.floor(event.offsetX / canvas.clientWidth * W)));
          showProbe({ stage, c, y, x: x2 });
        };
        canvas.addEventListener("pointermove", point);
        canvas.addEventListener("pointerdown", point);
      });
      const start = () => probe !== void 0 && probe.stage === stage ? probe : { stage, c: 0, y: Math.floor(H / 2), x: Math.floor(W / 2) };
      maps.addEventListener("keydown", (event) => {
        const p = start();
        if (p.stage.kind !== "maps") return;
        const moves = {
          ArrowUp: [0, -1, 0],
          ArrowDown: [0, 1, 0],
          ArrowLeft: [0, 0, -1],
          ArrowRight: [0, 0, 1],
          "[": [-1, 0, 0],
          "]": [1, 0, 0]
        };
        const move = moves[event.key];
        if (move === void 0 || !("c" in p)) return;
        event.preventDefault();
        showProbe({ stage, c: (p.c + move[0] + C) % C, y: Math.min(H - 1, Math.max(0, p.y + move[1])), x: Math.min(W - 1, Math.max(0, p.x + move[2])) });
      });
      maps.addEventListener("focus", () => showProbe(start()));
      return stage;
    };
    const buildWeights = (box, layer, name2) => {
      if (model === void 0) return void 0;
      const kind = kindOf(model.net.layers[layer].name);
      const inShape = model.net.shapes[layer];
      let count2;
      let channels;
      let h;
      let w;
      let what;
      if (kind.kind === "conv") {
        channels = inShape[0];
        count2 = kind.filters * channels;
        [h, w] = [kind.kH, kind.kW];
        what = channels > 1 ? `one row per filter, one column per input channel (${kind.filters}×${channels} kernels of ${h}×${w})` : `the ${kind.filters} kernel${kind.filters === 1 ? "" : "s"} of ${h}×${w}`;
      } else if (kind.kind === "dense") {
        const [C, H, W] = inShape.length === 3 ? inShape : [1, 1, inShape.reduce((a, b) => a * b, 1)];
        channels = C;
        count2 = kind.outputs * C;
        [h, w] = [H, W];
        what = `each output's ${C * H * W} weights folded back to the ${inShape.join("×")} shape of the layer's input (a template)${C > 1 ? ": one row per output, one column per input channel" : ""}`;
      } else {
        return void 0;
      }
      const columns = channels > 1 ? channels : Math.min(count2, 10);
      const sub2 = element("div", "bw-weights");
      sub2.append(element("p", "bw-weights-what", `${name2}'s weights and their gradient: ${what}.`));
      const pair = element("div", "bw-weight-pair");
      const figure = (canvas, caption) => {
        const f = element("figure", "bw-weight-figure");
        f.append(canvas, element("figcaption", "", caption));
        return f;
      };
      const weights = element("canvas", "bw-mosaic");
      weights.setAttribute("aria-hidden", "true");
      const grads = element("canvas", "bw-mosaic");
      grads.dataset.grad = `weights-${layer}`;
      const frame2 = element("div", "bw-mosaic-frame");
      const mark = element("div", "bw-probe");
      mark.hidden = true;
      frame2.append(grads, mark);
      const gradFigure = element("figure", "bw-weight-figure");
      gradFigure.append(frame2, element("figcaption", "", "∂L/∂w, their gradient for this digit"));
      pair.append(figure(weights, "w, the weights"), gradFigure);
      const range = element("p", "bw-range");
      sub2.append(pair, range);
      box.append(sub2);
      const stage = { kind: "weights", layer, weights, grads, probe: mark, count: count2, channels, h, w, columns, range };
      const rows = Math.ceil(count2 / columns);
      const [width, height] = [columns * (w + 1) - 1, rows * (h + 1) - 1];
      for (const c of [weights, grads]) {
        c.width = width;
        c.height = height;
        c.style.width = `${width * zoomOf(width)}px`;
      }
      frame2.tabIndex = 0;
      frame2.setAttribute("role", "group");
      frame2.setAttribute("aria-label", `Gradient of ${name2}'s weights: ${rows} row${rows === 1 ? "" : "s"} of ${columns} cells of ${h}×${w}. Arrow keys move through the weights; the arithmetic and a finite-difference check are shown beside.`);
      const isGap = (py, px) => py % (h + 1) === h || px % (w + 1) === w || Math.floor(py / (h + 1)) * columns + Math.floor(px / (w + 1)) >= count2;
      grads.addEventListener("pointermove", (event) => {
        const py = Math.min(height - 1, Math.max(0, Math.floor(event.offsetY / grads.clientHeight * height)));
        const px = Math.min(width - 1, Math.max(0, Math.floor(event.offsetX / grads.clientWidth * width)));
        if (!isGap(py, px)) showProbe({ stage, py, px });
      });
      grads.addEventListener("pointerdown", (event) => {
        const py = Math.min(height - 1, Math.max(0, Math.floor(event.offsetY / grads.clientHeight * height)));
        const px = Math.min(width - 1, Math.max(0, Math.floor(event.offsetX / grads.clientWidth * width)));
        if (!isGap(py, px)) showProbe({ stage, py, px });
      });
      const start = () => probe !== void 0 && probe.stage === stage ? probe : { stage, py: 0, px: 0 };
      frame2.addEventListener("keydown", (event) => {
        const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
        const move = moves[event.key];
        const p = start();
        if (move === void 0 || !("py" in p)) return;
        event.preventDefault();
        let [py, px] = [p.py, p.px];
        for (let n = 0; n < 3; n++) {
          const [ny, nx] = [py + move[0], px + move[1]];
          if (ny < 0 || ny >= height || nx < 0 || nx >= width) break;
          [py, px] = [ny, nx];
          if (!isGap(py, px)) {
            showProbe({ stage, py, px });
            return;
          }
        }
      });
      frame2.addEventListener("focus", () => showProbe(start()));
      return stage;
    };
    const buildLogits = (box, layer) => {
      const row = element("div", "bw-logits");
      row.tabIndex = 0;
      row.setAttribute("role", "group");
      row.setAttribute("aria-label", "The gradient of each class score. Arrow keys move through the classes; the arithmetic is shown beside.");
      const cells = (model?.classes ?? []).map((name2, j) => {
        const cell = element("div", "bw-logit");
        const p = element("span", "bw-logit-p");
        const d = element("span", "bw-logit-d");
        cell.append(element("span", "bw-logit-class", name2), p, d);
        cell.addEventListener("pointermove", () => showProbe({ stage, j }));
        cell.addEventListener("pointerdown", () => showProbe({ stage, j }));
        row.append(cell);
        return { cell, p, d };
      });
      const key2 = element("p", "bw-range", "Each column: the class, its probability p, and ∂L/∂z = p − [class = target].");
      box.append(row, key2);
      const stage = { kind: "logits", layer, cells };
      row.addEventListener("keydown", (event) => {
        const dj = event.key === "ArrowRight" || event.key === "ArrowDown" ? 1 : event.key === "ArrowLeft" || event.key === "ArrowUp" ? -1 : 0;
        if (dj === 0) return;
        event.preventDefault();
        const j = probe !== void 0 && probe.stage === stage && "j" in probe ? probe.j : target;
        showProbe({ stage, j: Math.min(cells.length - 1, Math.max(0, j + dj)) });
      });
      row.addEventListener("focus", () => showProbe(probe !== void 0 && probe.stage === stage ? probe : { stage, j: target }));
      return stage;
    };
    const build = (m) => {
      stagesBox.replaceChildren();
      stages = [];
      probe = void 0;
      explain.replaceChildren(element("p", "muted", "Point at a gradient (or focus a picture and use the arrow keys) to see the chain-rule arithmetic that made it. For an input pixel or a weight you can also check it by finite differences."));
      targetMenu.replaceChildren(...m.classes.map((name2, j) => new Option(name2, String(j))));
      const { net } = m;
      const L = net.layers.length;
      for (let i = L - 1; i >= -1; i--) {
        if (i >= 0 && net.layers[i].name === "flatten") continue;
        const shape = net.shapes[i + 1];
        const name2 = i < 0 ? "the input" : `${i + 1}. ${net.layers[i].name}`;
        const consumer = consumerOf(i);
        if (i === L - 1) {
          const box2 = stageBox(`∂L/∂logits, the output of ${name2} (${shape.join("×")})`, "where the backward pass starts: softmax and cross-entropy together have the gradient p − onehot(target): the target's score is pushed up, every other class's down in proportion to its probability", "softmax", "explained in layers/softmaxCrossEntropy.ts");
          stages.push(buildLogits(box2, i));
          const w = buildWeights(box2, i, name2);
          if (w !== void 0) stages.push(w);
          continue;
        }
        const by = kindOf(net.layers[consumer].name);
        const via = consumer > i + 1 ? " (through flatten, which only reshapes)" : "";
        const title = i < 0 ? `∂L/∂x, the input's gradient (${shape.join("×")}): a saliency map` : `∂L/∂(output of ${name2}), ${shape.join("×")}`;
        const what = `made by ${consumer + 1}. ${net.layers[consumer].name}'s backward${via}: ${backwardRule(by)}`;
        const box = stageBox(title, what, by.kind, `explained in ${EXPLAINED_IN[by.kind][1]}`);
        if (shape.length === 3) stages.push(buildMaps(box, i, shape, name2, i < 0));
        else stages.push(buildMaps(box, i, [1, 1, shape[0]], name2, false));
        if (i >= 0) {
          const w = buildWeights(box, i, name2);
          if (w !== void 0) stages.push(w);
        }
      }
    };
    const lossAt = (p, xs, t) => {
      if (model === void 0) return [NaN, []];
      const outputs = forwardTrace(model.net, p, xs);
      const [loss, cache] = softmaxCrossEntropy.forward(outputs[outputs.length - 1], Uint8Array.of(t));
      return [loss, cache.probs.data];
    };
    const argmax = (v) => {
      let best = 0;
      for (let j = 1; j < v.length; j++) if (v[j] > v[best]) best = j;
      return best;
    };
    const compute = () => {
      if (model === void 0 || params === void 0 || input2 === void 0) {
        trace = void 0;
        return;
      }
      if (target >= model.classes.length) {
        target = 0;
        picked = false;
      }
      x = tensor([1, ...model.net.shapes[0]], input2);
      trace = backwardTrace(model.net, params, x, Uint8Array.of(target));
      if (!picked && label === void 0) {
        const answer = argmax(trace.probs?.data ?? []);
        if (answer !== target) {
          target = answer;
          trace = backwardTrace(model.net, params, x, Uint8Array.of(target));
        }
      }
    };
    const dataOf = (layer) => trace === void 0 ? void 0 : layer < 0 ? trace.dInput.data : trace.dOutputs[layer].data;
    let paints = 0;
    const paint = () => {
      lastPaint = performance.now();
      dirty = false;
      root.dataset.paints = String(++paints);
      if (model === void 0) return;
      compute();
      content.hidden = trace === void 0;
      hint.hidden = trace !== void 0;
      if (trace === void 0 || x === void 0) return;
      const probs = trace.probs?.data ?? [];
      targetMenu.value = String(target);
      targetNote.textContent = picked ? "your choice" : label !== void 0 ? "the true label of this test digit" : "the model's own answer";
      targetProb.textContent = percent2(probs[target]);
      lossValue.textContent = gnum(trace.loss ?? NaN);
      lossValue.dataset.value = String(trace.loss);
      for (const stage of stages) {
        if (stage.kind === "logits") paintLogits(stage);
        else if (stage.kind === "maps") paintMaps(stage);
        else paintWeights(stage);
      }
      resetButton.disabled = steps === 0;
      stepState.textContent = steps === 0 ? "The model's own weights." : `Weights after ${steps} step${steps === 1 ? "" : "s"} taken here.`;
      paintChange();
      if (probe !== void 0) showProbe(probe);
    };
    const paintLogits = (stage) => {
      const d = dataOf(stage.layer);
      const probs = trace?.probs?.data;
      if (d === void 0 || probs === void 0) return;
      const scale = divergingScale(1);
      stage.cells.forEach(({ cell, p, d: dCell }, j) => {
        p.textContent = percent2(probs[j]);
        dCell.textContent = Math.abs(d[j]) >= 1e-3 || d[j] === 0 ? fixed(d[j]) : d[j].toExponential(1).replace(/-/g, "−");
        const [r, g, b] = scale(d[j]);
        dCell.style.background = `rgb(${r} ${g} ${b})`;
        dCell.style.color = (r + g + b) / 3 < 128 ? "#fff" : "#111";
        cell.classList.toggle("target", j === target);
      });
    };
    const paintMaps = (stage) => {
      const d = dataOf(stage.layer);
      if (d === void 0 || x === void 0) return;
      const m = robustMax(d, 0.99);
      const scale = divergingScale(m);
      stage.canvases.forEach((canvas, c) => paintMap(canvas, d, c * stage.H * stage.W, stage.H, stage.W, scale));
      if (stage.ink !== void 0) paintMap(stage.ink, x.data, 0, stage.H, stage.W, greyScale);
      stage.range.textContent = `blue < 0 < red, saturating at ±${gnum(m)} (99% of the values are smaller)`;
    };
    const paintWeights = (stage) => {
      if (params === void 0 || trace === void 0) return;
      const w = params[stage.layer].weights.data;
      const g = trace.grads[stage.layer].weights.data;
      const [wm, gm] = [robustMax(w), robustMax(g)];
      paintMosaic(stage.weights, w, stage.count, stage.h, stage.w, divergingScale(wm), stage.columns);
      paintMosaic(stage.grads, g, stage.count, stage.h, stage.w, divergingScale(gm), stage.columns);
      stage.range.textContent = `w saturates at ±${gnum(wm)}, ∂L/∂w at ±${gnum(gm)}. A step moves each weight against its gradient: red ones down, blue ones up.`;
    };
    const paintChange = () => {
      const s = lastStep;
      if (s === void 0 || model === void 0) {
        change.hidden = true;
        return;
      }
      change.hidden = false;
      const first = s.before.findIndex((record) => record.weights !== void 0);
      const parts = [];
      const sideBySide = element("div", "bw-change-body");
      const line = element("p", "bw-change-line");
      const [pBefore, pAfter] = percents(s.probsBefore[s.target], s.probsAfter[s.target], 6);
      line.append(
        `After the step (η = ${s.lr}): p(${model.classes[s.target]}) `,
        element("strong", "", pBefore),
        " → ",
        element("strong", "", pAfter),
        `, loss ${gnum(s.lossBefore)} → ${gnum(s.lossAfter)}. Every other class moved too:`
      );
      parts.push(line);
      if (first >= 0) {
        const layer = model.net.layers[first];
        const kind = kindOf(layer.name);
        const inShape = model.net.shapes[first];
        const before = s.before[first].weights.data;
        const after = s.after[first].weights.data;
        const delta = new Float32Array(before.length);
        for (let n = 0; n < delta.length; n++) delta[n] = after[n] - before[n];
        let count2;
        let channels;
        let h;
        let w;
        if (kind.kind === "conv") {
          ;
          [channels, h, w] = [inShape[0], kind.kH, kind.kW];
          count2 = kind.filters * channels;
        } else {
          const [C, H, W] = inShape.length === 3 ? inShape : [1, 1, inShape.reduce((a, b) => a * b, 1)];
          [channels, h, w] = [C, H, W];
          count2 = before.length / (H * W);
        }
        const columns = channels > 1 ? channels : Math.min(count2, 10);
        const wScale = divergingScale(robustMax(before));
        const dm = robustMax(delta);
        const pictures = element("div", "bw-change-pictures");
        pictures.append(element("p", "bw-change-what", `What the step did to the first layer's weights, ${first + 1}. ${layer.name}:`));
        const picture = (values, scale, caption2) => {
          const f = element("figure", "bw-weight-figure");
          const c = element("canvas", "bw-mosaic");
          paintMosaic(c, values, count2, h, w, scale, columns);
          c.style.width = `${c.width * Math.min(16, zoomOf(c.width))}px`;
          c.setAttribute("aria-hidden", "true");
          f.append(c, element("figcaption", "", caption2));
          return f;
        };
        pictures.append(
          picture(before, wScale, "before"),
          element("span", "bw-op", "+"),
          picture(delta, divergingScale(dm), `the step −η·∂L/∂w (its own scale, ±${gnum(dm)})`),
          element("span", "bw-op", "="),
          picture(after, wScale, "after (the same scale as before)")
        );
        sideBySide.append(pictures);
      }
      const table = element("table", "bw-probs");
      const caption = element("caption", "", "Every class's probability, before and after the step");
      const head2 = element("tr");
      for (const h of ["class", "before", "after"]) {
        const th = element("th", "", h);
        th.scope = "col";
        head2.append(th);
      }
      const thead = element("thead");
      thead.append(head2);
      const tbody = element("tbody");
      table.append(caption, thead, tbody);
      model.classes.forEach((name2, j) => {
        const tr = element("tr", j === s.target ? "target" : "");
        const th = element("th", "", name2);
        th.scope = "row";
        const [before, after] = percents(s.probsBefore[j], s.probsAfter[j], 4);
        const up = s.probsAfter[j] - s.probsBefore[j];
        const mark = up > 0 && before !== after ? "▲" : up < 0 && before !== after ? "▼" : "";
        tr.append(th, element("td", "", before), element("td", mark === "▲" ? "up" : mark === "▼" ? "down" : "", `${after} ${mark}`));
        tbody.append(tr);
      });
      sideBySide.prepend(table);
      parts.push(sideBySide);
      change.replaceChildren(...parts);
    };
    let nudgeable;
    const showProbe = (next) => {
      probe = next;
      explainBox.classList.add("active");
      for (const s of stages) {
        if (s.kind === "maps") s.probes.forEach((p) => p.hidden = true);
        else if (s.kind === "weights") s.probe.hidden = true;
        else s.cells.forEach(({ cell }) => cell.classList.remove("probed"));
      }
      if (model === void 0 || trace === void 0 || params === void 0 || x === void 0) return;
      nudgeable = void 0;
      const { net } = model;
      let terms;
      let title;
      let value;
      let note = "";
      if (next.stage.kind === "logits") {
        const { j } = next;
        next.stage.cells[j].cell.classList.add("probed");
        const logits = trace.outputs[net.layers.length - 1].data;
        terms = softmaxBackTerms(logits, target, j);
        value = trace.dOutputs[next.stage.layer].data[j];
        title = `∂L/∂z for class ${model.classes[j]}`;
        note = j === target ? "The target: its score should go up, so its gradient is negative (p − 1)." : "Not the target: its score should go down, by as much as the model believes in it (p − 0).";
      } else if (next.stage.kind === "maps") {
        const { stage, c, y, x: col } = next;
        const f = (c * stage.H + y) * stage.W + col;
        frame(stage.probes[c], stage.H, stage.W, y, col, 1, 1);
        const consumer = consumerOf(stage.layer);
        const layer = net.layers[consumer];
        const kind = kindOf(layer.name);
        const dy = trace.dOutputs[consumer].data;
        const shapeOut = net.shapes[consumer + 1];
        const dyMaps = shapeOut.length === 3 ? { data: dy, C: shapeOut[0], H: shapeOut[1], W: shapeOut[2] } : { data: dy, C: 1, H: 1, W: dy.length };
        const xIn = stage.layer < 0 ? x.data : trace.outputs[stage.layer].data;
        const later = stages.find((s) => s.kind === "maps" && s.layer === consumer);
        if (kind.kind === "dense") {
          terms = denseInputTerms(dy, params[consumer].weights.data, xIn.length, f);
        } else if (kind.kind === "activation") {
          terms = activationBackTerms(kind, xIn[f], trace.outputs[consumer].data[f], dy[f]);
          if (later !== void 0) frame(later.probes[c], later.H, later.W, y, col, 1, 1);
        } else if (kind.kind === "pool") {
          const cache = trace.caches[consumer];
          terms = poolBackTerms(kind, dyMaps, isPoolCache(cache) ? cache.argmax : [], stage.H, stage.W, c, y, col);
          const ws = terms.windows;
          if (later !== void 0 && ws.length > 0) {
            const [i0, j0] = [Math.min(...ws.map((w) => w.i)), Math.min(...ws.map((w) => w.j))];
            const [i1, j1] = [Math.max(...ws.map((w) => w.i)), Math.max(...ws.map((w) => w.j))];
            frame(later.probes[c], later.H, later.W, i0, j0, i1 - i0 + 1, j1 - j0 + 1);
          }
        } else if (kind.kind === "bn") {
          const channel2 = shapeOut.length === 3 ? c : f;
          terms = batchNormBackTerms(dy[f], params[consumer].gamma.data[channel2], params[consumer].variance.data[channel2]);
          if (later !== void 0) frame(later.probes[c], later.H, later.W, y, col, 1, 1);
        } else if (kind.kind === "dropout") {
          terms = dropoutBackTerms(kind.p, dy[f]);
          if (later !== void 0) frame(later.probes[c], later.H, later.W, y, col, 1, 1);
        } else if (kind.kind === "conv") {
          terms = convInputTerms(kind, dyMaps, params[consumer].weights.data, stage.C, c, y, col);
          if (later !== void 0) later.probes.forEach((p) => frame(p, later.H, later.W, Math.ceil((y + kind.pad - kind.kH + 1) / kind.stride), Math.ceil((col + kind.pad - kind.kW + 1) / kind.stride), Math.ceil(kind.kH / kind.stride), Math.ceil(kind.kW / kind.stride)));
        } else {
          terms = { kind: "flatten", index: f, value: dy[f] };
        }
        value = (stage.layer < 0 ? trace.dInput.data : trace.dOutputs[stage.layer].data)[f];
        const where = stage.H === 1 && stage.C === 1 ? `value ${col + 1}` : `${stage.C > 1 ? `map ${c + 1}, ` : ""}row ${y + 1}, column ${col + 1}`;
        title = `${stage.layer < 0 ? "∂L/∂x, the input pixel at" : `∂L/∂(output of ${stage.layer + 1}. ${net.layers[stage.layer].name}),`} ${where}`;
        note = `Made by ${consumer + 1}. ${layer.name}'s backward from ∂L/∂(its output)${later !== void 0 ? " (framed in its maps)" : ""}: ${backwardRule(kind)}.`;
        if (stage.layer < 0) {
          nudgeable = { what: "input", index: f };
          note += ` The input pixel is ${fixed(x.data[f])}; red here means more ink would raise the loss.`;
        }
      } else {
        const { stage, py, px } = next;
        const [row, col] = [Math.floor(py / (stage.h + 1)), Math.floor(px / (stage.w + 1))];
        const [u, v] = [py % (stage.h + 1), px % (stage.w + 1)];
        const m = row * stage.columns + col;
        const [o, c] = [Math.floor(m / stage.channels), m % stage.channels];
        const index = (m * stage.h + u) * stage.w + v;
        frame(stage.probe, stage.grads.height, stage.grads.width, py, px, 1, 1);
        const layer = net.layers[stage.layer];
        const kind = kindOf(layer.name);
        const dy = trace.dOutputs[stage.layer].data;
        const xIn = stage.layer === 0 ? x.data : trace.outputs[stage.layer - 1].data;
        const inShape = net.shapes[stage.layer];
        if (kind.kind === "conv") {
          const out = net.shapes[stage.layer + 1];
          terms = convWeightTerms(kind, { data: dy, C: out[0], H: out[1], W: out[2] }, { data: xIn, C: inShape[0], H: inShape[1], W: inShape[2] }, o, c, u, v);
          title = `∂L/∂w of ${stage.layer + 1}. ${layer.name}, filter ${o + 1}, input channel ${c + 1}, row ${u + 1}, column ${v + 1}`;
          note = `This weight met every position of the input channel: its gradient sums ∂L/∂y (the filter's output gradient) times the input under the weight, over all ${out[1] * out[2]} positions. The weight is ${fixed(params[stage.layer].weights.data[index], 4)}.`;
        } else {
          const F = xIn.length;
          const f = index - o * F;
          terms = denseWeightTerms(dy, xIn, o, f);
          title = `∂L/∂W of ${stage.layer + 1}. ${layer.name}, output ${net.layers.length - 1 === stage.layer ? `(class ${model.classes[o]})` : o + 1}, input ${f + 1}`;
          note = `∂L/∂y of the output times the input value this weight multiplies: a template's gradient is the input itself, scaled by p − onehot. The weight is ${fixed(params[stage.layer].weights.data[index], 4)}.`;
        }
        value = trace.grads[stage.layer].weights.data[index];
        nudgeable = { what: "weight", layer: stage.layer, index };
      }
      renderTerms(terms, title, value, note);
    };
    const frame = (mark, H, W, top, left3, h, w) => {
      const [t, l] = [Math.max(0, top), Math.max(0, left3)];
      const [b, r] = [Math.min(H, top + h), Math.min(W, left3 + w)];
      if (b <= t || r <= l) return;
      mark.hidden = false;
      mark.style.top = `${t / H * 100}%`;
      mark.style.left = `${l / W * 100}%`;
      mark.style.height = `${(b - t) / H * 100}%`;
      mark.style.width = `${(r - l) / W * 100}%`;
    };
    const renderTerms = (t, title, value, note) => {
      const head2 = element("p", "bw-explain-title", `${title}: ${gnum(value)}`);
      head2.dataset.value = String(value);
      const parts = [head2];
      if (t.kind === "conv-input" && t.filters.length > 1) {
        parts.push(element("p", "muted", `A sum over ${t.filters.length} filters, each of ∂L/∂y[k, …]·w[k, c, u, v] over the kernel positions that reached this value; the filters' sums:`));
      } else if (t.kind === "conv-weight") {
        parts.push(element("p", "muted", `Σ over the output positions of ∂L/∂y · x (${t.products.length} products; the ones that are 0, where the gradient or the input is 0, are counted, not listed):`));
      } else if (t.kind === "dense-input") {
        parts.push(element("p", "muted", `Σ over the ${t.products.length} outputs of ∂L/∂y_o · W[o, f]:`));
      } else if (t.kind === "activation") {
        parts.push(element("p", "muted", `∂L/∂y · f′(x), with x = ${gnum(t.x)}${t.name === "tanh" || t.name === "sigmoid" ? ` and y = ${gnum(t.y)}` : ""}: the slope is ${slopeText(t)}.`));
      } else if (t.kind === "pool") {
        const won = t.windows.filter((w) => w.won).length;
        parts.push(element("p", "muted", won === 0 ? `This value lost every window it was in (${t.windows.length}): the forward pass did not use it, so its gradient is 0.` : `This value won ${won} of its ${t.windows.length} window${t.windows.length === 1 ? "" : "s"}, so it receives ${won === 1 ? "that window's" : "those windows'"} gradient:`));
      }
      const sum = element("p", "bw-arithmetic", formatBackTerms(t));
      parts.push(sum);
      if (t.kind === "conv-input" && t.filters.length > 1) {
        const biggest = t.filters.reduce((a, b) => Math.abs(b.sum) > Math.abs(a.sum) ? b : a);
        parts.push(element("p", "muted", `The largest, filter ${biggest.k + 1}, term by term (∂L/∂y · w):`), element("p", "bw-arithmetic", `${sumOf(biggest.products, 25)} = ${gnum(biggest.sum)}`));
      }
      parts.push(element("p", "bw-note", note));
      if (nudgeable !== void 0) {
        const check = element("div", "bw-fd");
        const button = element("button", "", "Check with finite differences");
        button.type = "button";
        button.id = "bw-fd";
        const result = element("p", "bw-fd-result");
        result.id = "bw-fd-result";
        result.setAttribute("aria-live", "polite");
        const target2 = nudgeable;
        button.addEventListener("click", () => checkByNudging(target2, value, result));
        check.append(button, element("p", "muted small", `Recomputes the loss with this one number v nudged by ε = ${EPS} up and down, with the network's own forward pass: (L(v+ε) − L(v−ε)) / 2ε. Why ${EPS}: the forward pass computes in float32, so each loss is good to about 10⁻⁶ and the estimate to about 5·10⁻⁴; a smaller ε would magnify that rounding, a larger one would see the loss curve, or cross a kink.`), result);
        parts.push(check);
      }
      explain.replaceChildren(...parts);
    };
    const checkByNudging = (what, backprop, result) => {
      if (model === void 0 || params === void 0 || x === void 0) return;
      const base = x;
      const p = params;
      const at2 = (d) => {
        if (what.what === "input") {
          const data2 = Float32Array.from(base.data);
          data2[what.index] += d;
          return lossAt(p, tensor(base.shape, data2), target)[0];
        }
        const w = p[what.layer].weights;
        const data = Float32Array.from(w.data);
        data[what.index] += d;
        const nudged = p.map((record, i) => i === what.layer ? { ...record, weights: tensor(w.shape, data) } : record);
        return lossAt(nudged, base, target)[0];
      };
      const fd = finiteDifference(at2(EPS), at2(0), at2(-EPS), EPS);
      const diff = Math.abs(fd.central - backprop);
      const relative = diff / Math.max(Math.abs(backprop), Math.abs(fd.central), 1e-12);
      result.dataset.backprop = String(backprop);
      result.dataset.fd = String(fd.central);
      result.dataset.left = String(fd.left);
      result.dataset.right = String(fd.right);
      result.dataset.kink = String(fd.kink);
      const lines = [
        `finite differences: ${gnum(fd.central)}`,
        `backprop:           ${gnum(backprop)}`,
        `difference ${gnum(diff)} (${(relative * 100).toFixed(2)}% of the larger)`
      ];
      result.replaceChildren(element("span", "bw-fd-numbers", lines.join("\n")));
      if (fd.kink) {
        result.append(element("span", "bw-fd-kink", `The slopes on the two sides differ (${gnum(fd.left)} below, ${gnum(fd.right)} above): a kink lies within ε, a ReLU input crossing 0 or a pooling window changing its winner. There the loss has no single slope; backprop gives the one at v itself.`));
      }
    };
    let visible = typeof IntersectionObserver === "undefined";
    let dirty = false;
    let lastPaint = -Infinity;
    let timer;
    let frameQueued = false;
    const schedule = (interval) => {
      dirty = true;
      if (!visible || timer !== void 0 || frameQueued) return;
      const wait = Math.max(0, lastPaint + interval - performance.now());
      const go = () => {
        timer = void 0;
        frameQueued = true;
        requestAnimationFrame(() => {
          frameQueued = false;
          if (visible && dirty) paint();
        });
      };
      if (wait === 0) go();
      else timer = setTimeout(go, wait);
    };
    if (!visible) {
      new IntersectionObserver((entries) => {
        visible = entries.some((e) => e.isIntersecting);
        if (visible && dirty) schedule(0);
      }).observe(root);
    }
    targetMenu.addEventListener("change", () => {
      target = Number(targetMenu.value);
      picked = true;
      lastStep = void 0;
      if (visible) paint();
      else dirty = true;
    });
    stepButton.addEventListener("click", () => {
      const lr = Number(lrInput.value.trim());
      if (!Number.isFinite(lr) || lr <= 0 || lrInput.value.trim() === "") {
        stepError.textContent = `The learning rate must be a number above 0, got "${lrInput.value}".`;
        return;
      }
      stepError.textContent = "";
      if (model === void 0 || params === void 0 || x === void 0) return;
      compute();
      if (trace === void 0) return;
      const optimizer = sgd(lr);
      const net = model.net;
      const grads = trace.grads.map((g, i) => net.layers[i].name === "bn" ? { ...g, mean: zerosLike(g.mean), variance: zerosLike(g.variance) } : g);
      const [after] = optimizer.step(params, grads, optimizer.init(params));
      const [lossAfter, probsAfter] = lossAt(after, x, target);
      lastStep = { lr, target, before: params, after, probsBefore: trace.probs?.data ?? [], probsAfter, lossBefore: trace.loss ?? NaN, lossAfter };
      params = after;
      steps++;
      picked = true;
      paint();
    });
    resetButton.addEventListener("click", () => {
      params = model?.params;
      steps = 0;
      lastStep = void 0;
      paint();
    });
    return {
      setModel: (next) => {
        const same = next !== void 0 && model !== void 0 && next.net === model.net && next.params === model.params;
        model = next;
        if (next === void 0) {
          stagesBox.replaceChildren();
          stages = [];
          structure = "";
          params = void 0;
          content.hidden = true;
          return;
        }
        if (same) return;
        params = next.params;
        steps = 0;
        lastStep = void 0;
        const key2 = `${next.net.layers.map((l) => l.name).join("-")} ${next.classes.join(",")}`;
        if (key2 !== structure) {
          structure = key2;
          build(next);
          schedule(0);
        } else {
          const often = performance.now() - lastModelAt < MODEL_INTERVAL_MS;
          schedule(often ? MODEL_INTERVAL_MS : 0);
        }
        lastModelAt = performance.now();
      },
      setInput: (next, trueLabel) => {
        input2 = next;
        label = trueLabel;
        if (trueLabel !== void 0) {
          target = trueLabel;
          picked = false;
        }
        if (next === void 0) picked = false;
        schedule(INPUT_INTERVAL_MS);
      }
    };
  };

  // site/preprocess.ts
  var FIELD = 28;
  var BOX = 20;
  var PEN_WIDTH = 2.8;
  var SUPERSAMPLE = 4;
  var strokesBox = (strokes) => {
    let [top, left3, bottom, right3] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const stroke of strokes) {
      for (const [x, y] of stroke) {
        if (y < top) top = y;
        if (y > bottom) bottom = y;
        if (x < left3) left3 = x;
        if (x > right3) right3 = x;
      }
    }
    return bottom < top ? void 0 : { top, left: left3, height: bottom - top, width: right3 - left3 };
  };
  var drawSegment = (sub2, n, a, b, r) => {
    const h = 1 / SUPERSAMPLE;
    const [ax, ay] = a;
    const [ex, ey] = [b[0] - ax, b[1] - ay];
    const length2 = ex * ex + ey * ey;
    const reach = r + h;
    const inner = Math.max(0, r - h / 2) ** 2;
    const outer = (r + h / 2) ** 2;
    const i0 = Math.max(0, Math.floor((Math.min(ay, b[1]) - reach) / h));
    const i1 = Math.min(n - 1, Math.ceil((Math.max(ay, b[1]) + reach) / h));
    const j0 = Math.max(0, Math.floor((Math.min(ax, b[0]) - reach) / h));
    const j1 = Math.min(n - 1, Math.ceil((Math.max(ax, b[0]) + reach) / h));
    for (let i = i0; i <= i1; i++) {
      const py = (i + 0.5) * h;
      for (let j = j0; j <= j1; j++) {
        const px = (j + 0.5) * h;
        const t = length2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - ax) * ex + (py - ay) * ey) / length2));
        const qx = px - ax - t * ex;
        const qy = py - ay - t * ey;
        const d2 = qx * qx + qy * qy;
        if (d2 >= outer) continue;
        const cover = d2 <= inner ? 1 : Math.min(1, Math.max(0, (r - Math.sqrt(d2)) / h + 0.5));
        if (cover > sub2[i * n + j]) sub2[i * n + j] = cover;
      }
    }
  };
  var renderStrokes = (strokes, placement, penWidth = PEN_WIDTH) => {
    const n = FIELD * SUPERSAMPLE;
    const sub2 = new Float32Array(n * n);
    const { scale, dx, dy } = placement;
    const at2 = ([x, y]) => [x * scale + dx, y * scale + dy];
    const near = (1 / SUPERSAMPLE / 4) ** 2;
    for (const stroke of strokes) {
      if (stroke.length === 0) continue;
      let previous = at2(stroke[0]);
      drawSegment(sub2, n, previous, previous, penWidth / 2);
      for (let k = 1; k < stroke.length; k++) {
        const next = at2(stroke[k]);
        if (k < stroke.length - 1 && (next[0] - previous[0]) ** 2 + (next[1] - previous[1]) ** 2 < near) continue;
        drawSegment(sub2, n, previous, next, penWidth / 2);
        previous = next;
      }
    }
    const out = new Float32Array(FIELD * FIELD);
    const share = 1 / (SUPERSAMPLE * SUPERSAMPLE);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) out[Math.floor(i / SUPERSAMPLE) * FIELD + Math.floor(j / SUPERSAMPLE)] += sub2[i * n + j] * share;
    }
    for (let p = 0; p < out.length; p++) out[p] = Math.min(1, out[p]);
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
  var strokesInput = (strokes, minSide = 0, penWidth = PEN_WIDTH) => {
    const box = strokesBox(strokes);
    if (box === void 0) return void 0;
    const side = Math.max(box.height, box.width, minSide);
    const scale = side > 0 ? (BOX - penWidth) / side : 1;
    const centred = {
      scale,
      dx: FIELD / 2 - (box.left + box.width / 2) * scale,
      dy: FIELD / 2 - (box.top + box.height / 2) * scale
    };
    const [cy, cx] = centreOfMass(renderStrokes(strokes, centred, penWidth), FIELD, FIELD);
    const r = penWidth / 2;
    const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
    const dx = clamp(centred.dx + FIELD / 2 - cx, r - box.left * scale, FIELD - r - (box.left + box.width) * scale);
    const dy = clamp(centred.dy + FIELD / 2 - cy, r - box.top * scale, FIELD - r - (box.top + box.height) * scale);
    return renderStrokes(strokes, { scale, dx, dy }, penWidth);
  };

  // site/draw.ts
  var PAD = 280;
  var MARKER = 14;
  var MIN_SIDE = 10;
  var createPad = (canvas, onInput) => {
    const ratio = Math.max(1, Math.round(window.devicePixelRatio || 1));
    canvas.width = PAD * ratio;
    canvas.height = PAD * ratio;
    const context = canvas.getContext("2d");
    if (context === null) throw new Error("this browser cannot draw on a canvas");
    context.scale(ratio, ratio);
    context.lineCap = "round";
    context.lineJoin = "round";
    context.lineWidth = MARKER;
    context.strokeStyle = "#000";
    let strokes = [];
    let drawing = false;
    let shown = false;
    let queued = false;
    const setBlank = () => {
      canvas.classList.toggle("blank", strokes.length === 0 && !shown);
    };
    const at2 = (event) => {
      const box = canvas.getBoundingClientRect();
      const clamp = (v) => Math.min(PAD, Math.max(0, v));
      return [clamp((event.clientX - box.left) / box.width * PAD), clamp((event.clientY - box.top) / box.height * PAD)];
    };
    const update = () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        if (!shown) onInput(strokesInput(strokes, MIN_SIDE));
      });
    };
    const extend = (to) => {
      const stroke = strokes[strokes.length - 1];
      const from = stroke[stroke.length - 1] ?? to;
      stroke.push(to);
      context.beginPath();
      if (from[0] === to[0] && from[1] === to[1]) {
        context.arc(to[0], to[1], MARKER / 2, 0, 2 * Math.PI);
        context.fillStyle = "#000";
        context.fill();
        return;
      }
      context.moveTo(from[0], from[1]);
      context.lineTo(to[0], to[1]);
      context.stroke();
    };
    const wipe = () => {
      context.clearRect(0, 0, PAD, PAD);
      strokes = [];
      drawing = false;
      shown = false;
    };
    canvas.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      if (shown) wipe();
      strokes.push([]);
      drawing = true;
      extend(at2(event));
      setBlank();
      update();
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!drawing) return;
      const events = typeof event.getCoalescedEvents === "function" ? event.getCoalescedEvents() : [];
      for (const e of events.length > 0 ? events : [event]) extend(at2(e));
      update();
    });
    const end = () => {
      drawing = false;
    };
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    setBlank();
    return {
      clear: () => {
        wipe();
        setBlank();
        onInput(void 0);
      },
      show: (pixels) => {
        wipe();
        shown = true;
        setBlank();
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

  // site/flow.ts
  var describe = (kind) => {
    if (kind === void 0) return "the input";
    if (kind.kind === "conv") return `convolution: ${kind.filters} filter${kind.filters === 1 ? "" : "s"} of ${kind.kH}×${kind.kW}${kind.pad ? `, padding ${kind.pad}` : ""}${kind.stride !== 1 ? `, stride ${kind.stride}` : ""}`;
    if (kind.kind === "activation") return kind.name === "lrelu" ? `leaky ReLU, max(x, ${kind.alpha}·x)` : kind.name === "relu" ? "ReLU, max(x, 0)" : kind.name;
    if (kind.kind === "pool") return `max pooling over ${kind.size}×${kind.size} windows${kind.stride !== kind.size ? `, stride ${kind.stride}` : ""}`;
    if (kind.kind === "dense") return `dense layer to ${kind.outputs} values: y[o] = Σ_f W[o, f]·x[f] + b[o]`;
    if (kind.kind === "bn") return "batch normalisation, predicting: y = (x − mean)/√(variance + ε) · γ + β per channel, with the mean and variance kept from training";
    if (kind.kind === "dropout") return `dropout ${kind.p}: off when predicting (the identity); in training each value is zeroed with probability ${kind.p} and the rest scaled by 1/(1−${kind.p})`;
    return "flatten";
  };
  var MODEL_REPAINT_MS = 1e3;
  var foldedInput = (net, layer) => {
    let i = layer;
    while (i > 0 && net.shapes[i].length === 1 && net.layers[i - 1].name === "flatten") i--;
    return net.shapes[i];
  };
  var positionOf = (shape, f) => {
    if (shape.length !== 3) return `${f + 1}`;
    const [C, H, W] = shape;
    const [c, y, x] = [Math.floor(f / (H * W)), Math.floor(f / W) % H, f % W];
    return C > 1 ? `map ${c + 1}, (${y + 1}, ${x + 1})` : `(${y + 1}, ${x + 1})`;
  };
  var createFlow = (root, explain, bars) => {
    let model;
    let input2;
    let structure = "";
    let stages = [];
    let trace;
    let probe;
    let barRows = [];
    let barProbe;
    const barsHint = element("p", "bars-hint", "Draw a digit to see the probabilities the network gives each class.");
    const barList = element("div", "bar-list");
    const barsExplain = element("div", "softmax-explain");
    barsExplain.setAttribute("aria-live", "polite");
    const barsAnchor = element("div", "softmax-anchor");
    barsAnchor.append(barsExplain);
    bars.replaceChildren(barsHint, barList, barsAnchor);
    const hideSoftmax = () => {
      barProbe = void 0;
      barRows.forEach((bar) => bar.row.classList.remove("probed"));
      barsExplain.replaceChildren();
    };
    bars.addEventListener("pointerleave", (event) => {
      if (event.pointerType === "mouse") hideSoftmax();
    });
    document.addEventListener("pointerdown", (event) => {
      if (barProbe !== void 0 && !(event.target instanceof Node && bars.contains(event.target))) hideSoftmax();
    });
    barList.addEventListener("focusout", (event) => {
      if (!(event.relatedTarget instanceof Node && barList.contains(event.relatedTarget))) hideSoftmax();
    });
    const mapsOf = (layer) => {
      if (trace === void 0 || model === void 0) return void 0;
      const t = layer < 0 ? trace.x : trace.outputs[layer];
      const shape = model.net.shapes[layer + 1];
      return { data: t.data, C: shape[0], H: shape[1], W: shape[2] };
    };
    const inputOf2 = (layer) => trace === void 0 ? void 0 : layer === 0 ? trace.x.data : trace.outputs[layer - 1].data;
    const stageBox = (title, kind, what, wide = false) => {
      const box = element("section", wide ? "stage wide" : "stage");
      const head2 = element("header", "stage-head");
      head2.append(element("h3", "", title), element("p", "stage-what", what));
      const [href, file] = EXPLAINED_IN[kind];
      const link = element("a", "stage-link", `explained in ${file}`);
      link.href = ANNOTATED + href;
      head2.append(link);
      const body = element("div", "stage-body");
      box.append(head2, body);
      root.append(box);
      return { box, body };
    };
    const buildKernels = (layer, kind, C, hasBias) => {
      const { filters: K, kH, kW } = kind;
      const [width, height] = [C * (kW + 1) - 1, K * (kH + 1) - 1];
      const s = Math.max(1, Math.min(16, Math.floor(240 / width), Math.floor(400 / height)));
      const figure = element("figure", "kernels-view");
      const grid = element("div", "kv-grid");
      const canvas = element("canvas", "kv-weights");
      canvas.width = width;
      canvas.height = height;
      canvas.style.width = `${width * s}px`;
      canvas.style.height = `${height * s}px`;
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", `The kernels of layer ${layer + 1}: ${K} filter${K === 1 ? "" : "s"} (rows) × ${C} input channel${C === 1 ? "" : "s"} (columns), each ${kH}×${kW} weights`);
      const frame2 = element("div", "kv-frame");
      const mark = element("div", "probe");
      mark.hidden = true;
      frame2.append(canvas, mark);
      const pitch = (n) => `${(n + 1) * s}px`;
      const cols = element("div", "kv-cols");
      cols.setAttribute("aria-hidden", "true");
      if (C > 1 && (kW + 1) * s >= 12) {
        cols.style.gridTemplateColumns = `repeat(${C}, ${pitch(kW)})`;
        for (let c = 0; c < C; c++) cols.append(element("span", "", `${c + 1}`));
      }
      const rows = element("div", "kv-rows");
      rows.setAttribute("aria-hidden", "true");
      if (K > 1 && (kH + 1) * s >= 12) {
        rows.style.gridTemplateRows = `repeat(${K}, ${pitch(kH)})`;
        for (let k = 0; k < K; k++) rows.append(element("span", "", `${k + 1}`));
      }
      grid.append(element("span"), cols, element("span", "kv-bias-head", hasBias ? "b" : ""), rows, frame2);
      let bias;
      if (hasBias) {
        bias = element("canvas", "kv-bias");
        bias.width = 1;
        bias.height = height;
        bias.style.width = `${Math.max(2, Math.min(kW, 3)) * s}px`;
        bias.style.height = `${height * s}px`;
        bias.setAttribute("role", "img");
        bias.setAttribute("aria-label", `The bias of layer ${layer + 1}: one number per filter`);
        grid.append(bias);
      } else {
        grid.append(element("span"));
      }
      const range = element("p", "stage-range");
      figure.append(
        grid,
        element("figcaption", "", K === 1 && C === 1 ? `The kernel W, ${kH}×${kW}: it slides over the input and makes the map${hasBias ? "; b is its bias" : ""}.` : `The kernels W, ${K}×${C}×${kH}×${kW}: row k is filter k, which makes map k${C > 1 ? "; column c is what it weighs input channel c with (map c of the layer before)" : ""}${hasBias ? "; b is its bias" : ""}.`),
        range
      );
      canvas.addEventListener("pointermove", (event) => {
        const k = Math.min(K - 1, Math.floor(event.offsetY / canvas.clientHeight * (height + 1) / (kH + 1)));
        const c = Math.min(C - 1, Math.floor(event.offsetX / canvas.clientWidth * (width + 1) / (kW + 1)));
        showKernel(layer, kind, C, k, c);
      });
      return { figure, view: { canvas, bias, mark, range, K, C, kH, kW, s } };
    };
    const buildMaps = (layer, shape, title, kind, what, conv) => {
      const [C, H, W] = shape;
      const { box, body } = stageBox(title, kind, what, C > 2 || conv !== void 0);
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
      let kernels;
      if (conv !== void 0) {
        const built = buildKernels(layer, conv.kind, conv.C, conv.bias);
        kernels = built.view;
        const outputs = element("div", "conv-maps");
        outputs.append(grid, values);
        body.classList.add("conv-body");
        body.append(built.figure, outputs);
      } else {
        body.append(grid, values);
      }
      const stage = { kind: "maps", layer, canvases, probes, values, kernels, C, H, W };
      if (layer >= 0) {
        grid.tabIndex = 0;
        grid.setAttribute("role", "group");
        grid.setAttribute("aria-label", `${title}: ${C} map${C === 1 ? "" : "s"} of ${H}×${W}. Arrow keys move through the values, [ and ] change the map; the arithmetic is shown below the panel.`);
        canvases.forEach((canvas, c) => {
          const point = (event) => {
            const y = Math.min(H - 1, Math.floor(event.offsetY / canvas.clientHeight * H));
            const x = Math.min(W - 1, Math.floor(event.offsetX / canvas.clientWidth * W));
            showProbe({ kind: "map", stage, c, y, x });
          };
          canvas.addEventListener("pointermove", point);
          canvas.addEventListener("pointerdown", point);
        });
        const here = () => probe?.kind === "map" && probe.stage === stage ? probe : { kind: "map", stage, c: 0, y: Math.floor(H / 2), x: Math.floor(W / 2) };
        grid.addEventListener("keydown", (event) => {
          const p = here();
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
          showProbe({ kind: "map", stage, c: (p.c + move[0] + C) % C, y: Math.min(H - 1, Math.max(0, p.y + move[1])), x: Math.min(W - 1, Math.max(0, p.x + move[2])) });
        });
        grid.addEventListener("focus", () => showProbe(here()));
      }
      return stage;
    };
    const outputKeys = (target, stage, O, label) => {
      target.tabIndex = 0;
      target.setAttribute("role", "group");
      target.setAttribute("aria-label", label);
      const current2 = () => probe?.kind === "vector" && probe.stage === stage ? probe.o : 0;
      target.addEventListener("keydown", (event) => {
        const steps = { ArrowLeft: -1, ArrowUp: -1, ArrowRight: 1, ArrowDown: 1 };
        const o = event.key === "Home" ? 0 : event.key === "End" ? O - 1 : steps[event.key] === void 0 ? void 0 : Math.min(O - 1, Math.max(0, current2() + steps[event.key]));
        if (o === void 0) return;
        event.preventDefault();
        showProbe({ kind: "vector", stage, o });
      });
      target.addEventListener("focus", () => showProbe({ kind: "vector", stage, o: current2() }));
    };
    const buildVector = (layer, O, title, kind) => {
      const explained = kind.kind === "activation" || kind.kind === "bn" || kind.kind === "dropout" ? kind.kind : "dense";
      const { body } = stageBox(title, explained, describe(kind));
      const frame2 = element("div", "strip-frame");
      const canvas = element("canvas", "strip");
      canvas.width = O;
      canvas.height = 1;
      const mark = element("div", "probe");
      mark.hidden = true;
      frame2.append(canvas, mark);
      body.append(frame2);
      const stage = { kind: "vector", layer, canvas, mark, O };
      const point = (event) => showProbe({ kind: "vector", stage, o: Math.min(O - 1, Math.max(0, Math.floor(event.offsetX / canvas.clientWidth * O))) });
      canvas.addEventListener("pointermove", point);
      canvas.addEventListener("pointerdown", point);
      outputKeys(frame2, stage, O, `${title}: ${O} values. Left and right arrow keys move through them; the arithmetic is shown below the panel.`);
      return stage;
    };
    const buildTemplates = (layer, inShape, title) => {
      const F = inShape.reduce((a, b) => a * b, 1);
      const { body } = stageBox(title, "dense", `template matching: each class's ${F} weights w, folded back to the ${inShape.join("×")} shape of the layer's input x, are multiplied by x term by term and summed; plus the bias b, that is the class's score`, true);
      const head2 = element("div", "tm-head");
      const inputCanvas = element("canvas", "tm-input");
      head2.append(inputCanvas, element("p", "tm-note", `x, the layer's input (${inShape.join("×")}), is matched against each class's template w: multiplied term by term (w ⊙ x), then summed, plus the bias: Σ + b = score. Point at a row (or focus the rows and use the arrow keys) to see the largest terms of its sum.`));
      const table = element("div", inShape.length === 3 && inShape[0] > 1 ? "tm-rows many" : "tm-rows");
      body.append(head2, table);
      const classes = model?.classes ?? [];
      const stage = { kind: "templates", layer, input: inputCanvas, rows: [] };
      stage.rows = classes.map((name2, j) => {
        const row = element("div", "tm-row");
        const template = element("canvas", "tm-map");
        const product = element("canvas", "tm-map");
        const score = element("span", "tm-score");
        row.append(element("span", "tm-class", name2), template, element("span", "tm-op", "⊙ x ="), product, score);
        row.addEventListener("pointerenter", () => showProbe({ kind: "vector", stage, o: j }));
        row.addEventListener("pointerdown", () => showProbe({ kind: "vector", stage, o: j }));
        table.append(row);
        return { row, template, product, score };
      });
      outputKeys(table, stage, classes.length, `${title}: one row per class. Up and down arrow keys move through the classes; the arithmetic of the score is shown below the panel.`);
      return stage;
    };
    const buildBars = (classes) => {
      barProbe = void 0;
      barsExplain.replaceChildren();
      barRows = classes.map((name2, j) => {
        const row = element("div", "bar");
        row.tabIndex = 0;
        const fill = element("span", "bar-fill");
        const track = element("span", "bar-track");
        track.append(fill);
        const value = element("span", "bar-value");
        row.append(element("span", "bar-name", name2), track, value);
        const show = () => showSoftmax(j);
        row.addEventListener("pointerenter", show);
        row.addEventListener("pointerdown", show);
        row.addEventListener("focus", show);
        return { row, fill, value };
      });
      barList.replaceChildren(...barRows.map((b) => b.row));
    };
    const build = (m) => {
      root.replaceChildren();
      stages = [];
      probe = void 0;
      explain.replaceChildren(element("p", "muted", "Point at a pixel of a feature map, a kernel, a dense layer's value or a class's row (or focus them and use the arrow keys) to see the arithmetic that made it."));
      const { net } = m;
      stages.push(buildMaps(-1, net.shapes[0], `input ${net.shapes[0].join("×")}`, "input", "the drawing after MNIST's preprocessing; 0 is white, 1 black"));
      net.layers.forEach((layer, i) => {
        const kind = kindOf(layer.name);
        const shape = net.shapes[i + 1];
        const last = i === net.layers.length - 1;
        const title = `${i + 1}. ${layer.name} → ${shape.join("×")}`;
        if (kind.kind === "flatten") return;
        if (last && kind.kind === "dense") stages.push(buildTemplates(i, foldedInput(net, i), title));
        else if (shape.length === 3 && kind.kind === "conv") stages.push(buildMaps(i, shape, title, "conv", describe(kind), { kind, C: net.shapes[i][0], bias: m.params[i].bias !== void 0 }));
        else if (shape.length === 3) stages.push(buildMaps(i, shape, title, kind.kind, describe(kind)));
        else stages.push(buildVector(i, shape[0], title, kind));
      });
      buildBars(m.classes);
    };
    const run = () => {
      if (model === void 0) return;
      const { net, params } = model;
      const x = tensor([1, ...net.shapes[0]], input2 ?? new Float32Array(net.shapes[0].reduce((a, b) => a * b, 1)));
      trace = { x, outputs: forwardTrace(net, params, x) };
      paintBars();
      if (barProbe !== void 0) showSoftmax(barProbe);
    };
    const paintStages = () => {
      if (model === void 0 || trace === void 0) return;
      const { net, params } = model;
      for (const stage of stages) {
        if (stage.kind === "maps") {
          const maps = mapsOf(stage.layer);
          if (maps === void 0) continue;
          const m = maxAbs(maps.data);
          const scale = stage.layer < 0 ? greyScale : divergingScale(m);
          stage.canvases.forEach((canvas, c) => paintMap(canvas, maps.data, c * stage.H * stage.W, stage.H, stage.W, scale));
          stage.values.textContent = stage.layer < 0 ? "" : `blue < 0 < red, saturating at ±${num(m)}`;
          if (stage.kernels !== void 0) paintKernels(stage.kernels, params[stage.layer]);
        } else if (stage.kind === "vector") {
          const v = trace.outputs[stage.layer].data;
          paintMap(stage.canvas, v, 0, 1, v.length, divergingScale(maxAbs(v)));
        } else {
          paintTemplates(stage, net, params);
        }
      }
      if (probe !== void 0) showProbe(probe);
    };
    const paintedFrom = /* @__PURE__ */ new WeakMap();
    const paintKernels = (view, layerParams) => {
      const { weights, bias } = layerParams;
      if (paintedFrom.get(view) === weights) return;
      paintedFrom.set(view, weights);
      const m = maxAbs(weights.data);
      paintMosaic(view.canvas, weights.data, view.K * view.C, view.kH, view.kW, divergingScale(m), view.C);
      let text = `weights: saturating at ±${num(m)}`;
      if (view.bias !== void 0 && bias !== void 0) {
        const mb = maxAbs(bias.data);
        const column = new Float32Array(view.K * view.kH);
        for (let k = 0; k < view.K; k++) column.fill(bias.data[k], k * view.kH, (k + 1) * view.kH);
        paintMosaic(view.bias, column, view.K, view.kH, 1, divergingScale(mb), 1);
        text += `; bias: ±${num(mb)}`;
      }
      view.range.textContent = text;
    };
    const paintTemplates = (stage, net, params) => {
      const xIn = inputOf2(stage.layer);
      if (trace === void 0 || xIn === void 0) return;
      const inShape = foldedInput(net, stage.layer);
      const [C, H, W] = inShape.length === 3 ? inShape : [1, 1, inShape.reduce((a, b2) => a * b2, 1)];
      const F = C * H * W;
      const { weights, bias } = params[stage.layer];
      const w = weights.data;
      const b = bias.data;
      const columns = Math.ceil(Math.sqrt(C));
      paintMosaic(stage.input, xIn, C, H, W, divergingScale(maxAbs(xIn)), columns);
      if (paintedFrom.get(stage) !== weights) {
        paintedFrom.set(stage, weights);
        const wScale = divergingScale(robustMax(w));
        stage.rows.forEach((row, j) => paintMosaic(row.template, w.subarray(j * F, (j + 1) * F), C, H, W, wScale, columns));
      }
      const products = new Float32Array(stage.rows.length * F);
      for (let j = 0; j < stage.rows.length; j++) for (let f = 0; f < F; f++) products[j * F + f] = w[j * F + f] * xIn[f];
      const pScale = divergingScale(robustMax(products));
      const scores = trace.outputs[stage.layer].data;
      let best = 0;
      for (let j = 1; j < stage.rows.length; j++) if (scores[j] > scores[best]) best = j;
      stage.rows.forEach((row, j) => {
        paintMosaic(row.product, products.subarray(j * F, (j + 1) * F), C, H, W, pScale, columns);
        let sum = 0;
        for (let f = 0; f < F; f++) sum += products[j * F + f];
        row.score.replaceChildren(`${num(sum)} + ${b[j] < 0 ? `(${num(b[j])})` : num(b[j])} = `, element("strong", "", num(scores[j])));
        row.row.classList.toggle("best", j === best && input2 !== void 0);
      });
    };
    const paintBars = () => {
      if (trace === void 0 || model === void 0) return;
      const blank = input2 === void 0;
      barsHint.hidden = !blank;
      barList.hidden = blank;
      barsExplain.hidden = blank;
      if (blank) return;
      const logits = trace.outputs[trace.outputs.length - 1].data;
      const p = softmax(logits, 1, logits.length);
      let best = 0;
      for (let j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
      barRows.forEach((bar, j) => {
        bar.row.classList.toggle("best", j === best);
        bar.fill.style.width = percent(p[j]);
        bar.value.textContent = percent(p[j]);
      });
    };
    const panel = root.closest("section") ?? root;
    let visible = true;
    let stale = false;
    let lastModelRepaint = -Infinity;
    let timer;
    const repaint = () => {
      if (timer !== void 0) clearTimeout(timer);
      timer = void 0;
      if (model === void 0) return;
      const start = performance.now();
      run();
      if (!visible) {
        stale = true;
        return;
      }
      paintStages();
      stale = false;
      performance.measure("flow repaint", { start, end: performance.now() });
    };
    if (typeof IntersectionObserver !== "undefined") {
      new IntersectionObserver((entries) => {
        const entry = entries[entries.length - 1];
        if (entry === void 0) return;
        visible = entry.isIntersecting;
        if (visible && stale && timer === void 0) repaint();
      }).observe(panel);
    }
    const clearMarks = () => {
      for (const s of stages) {
        if (s.kind === "maps") {
          s.probes.forEach((p) => p.hidden = true);
          if (s.kernels !== void 0) s.kernels.mark.hidden = true;
        } else if (s.kind === "vector") s.mark.hidden = true;
        else s.rows.forEach((r) => r.row.classList.remove("probed"));
      }
    };
    const showProbe = (next) => {
      probe = next;
      explain.parentElement?.classList.add("active");
      clearMarks();
      if (model === void 0 || trace === void 0) return;
      if (next.kind === "vector") {
        showOutput(next.stage, next.o);
        return;
      }
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
        if (stage.kernels !== void 0) markKernelRow(stage.kernels, c);
        where = `filter ${c + 1}`;
      } else if (kind.kind === "pool") {
        terms = poolTerms(kind, xIn, c, y, x);
        if (before !== void 0) frame(before.probes[c], before, y * kind.stride, x * kind.stride, kind.size, kind.size);
        where = `channel ${c + 1}`;
      } else if (kind.kind === "activation" || kind.kind === "bn" || kind.kind === "dropout") {
        const value = xIn.data[(c * xIn.H + y) * xIn.W + x];
        terms = kind.kind === "activation" ? activationTerms(kind, value) : kind.kind === "dropout" ? dropoutTerms(kind, value) : batchNormTerms(value, bnParams(stage.layer), c);
        if (before !== void 0) frame(before.probes[c], before, y, x, 1, 1);
        where = `channel ${c + 1}`;
      } else {
        return;
      }
      renderTerms(terms, `${model.net.layers[stage.layer].name}, ${where}, row ${y + 1}, column ${x + 1}: ${num(out.data[(c * out.H + y) * out.W + x])}`);
    };
    const showOutput = (stage, o) => {
      if (model === void 0 || trace === void 0) return;
      const xIn = inputOf2(stage.layer);
      if (xIn === void 0) return;
      const name2 = model.net.layers[stage.layer].name;
      const kind = kindOf(name2);
      const value = trace.outputs[stage.layer].data[o];
      if (stage.kind === "vector") {
        markStrip(stage, o);
        const before = stages.find((s) => s.kind === "vector" && s.layer === stage.layer - 1);
        if (before !== void 0 && (kind.kind === "activation" || kind.kind === "bn" || kind.kind === "dropout")) markStrip(before, o);
      } else {
        stage.rows[o]?.row.classList.add("probed");
      }
      const where = stage.kind === "templates" ? `class ${model.classes[o] ?? o}, score` : `value ${o + 1}`;
      const title = `${name2}, ${where}: ${num(value)}`;
      if (kind.kind === "activation") {
        renderTerms(activationTerms(kind, xIn[o]), title);
        return;
      }
      if (kind.kind === "bn") {
        renderTerms(batchNormTerms(xIn[o], bnParams(stage.layer), o), title);
        return;
      }
      if (kind.kind === "dropout") {
        renderTerms(dropoutTerms(kind, xIn[o]), title);
        return;
      }
      if (kind.kind !== "dense") return;
      const { weights, bias } = model.params[stage.layer];
      const label = stage.kind === "templates" ? model.classes[o] ?? String(o) : String(o + 1);
      renderDense(denseTerms(weights.data, bias.data, xIn, o, 5), title, foldedInput(model.net, stage.layer), label);
    };
    const markStrip = (stage, o) => {
      stage.mark.hidden = false;
      stage.mark.style.left = `${o / stage.O * 100}%`;
      stage.mark.style.width = `${1 / stage.O * 100}%`;
    };
    const bnParams = (layer) => {
      const { gamma, beta, mean, variance } = model?.params[layer] ?? {};
      const none = new Float32Array(0);
      return { gamma: gamma?.data ?? none, beta: beta?.data ?? none, mean: mean?.data ?? none, variance: variance?.data ?? none };
    };
    const showKernel = (layer, kind, C, k, c) => {
      if (model === void 0) return;
      const { weights, bias } = model.params[layer];
      const n = kind.kH * kind.kW;
      const kernel = Array.from(weights.data.subarray((k * C + c) * n, (k * C + c + 1) * n));
      explain.parentElement?.classList.add("active");
      explain.replaceChildren(
        element("p", "explain-title", `${model.net.layers[layer].name}, filter ${k + 1}${C > 1 ? `, input channel ${c + 1}` : ""}: its ${kind.kH}×${kind.kW} kernel`),
        labelled(`the weights W[${k + 1}, ${c + 1}]`, numberGrid(kernel, kind.kH, kind.kW, divergingScale(maxAbs(weights.data)))),
        element("p", "muted", `Filter ${k + 1} slides ${C > 1 ? `its ${C} kernels (one per input channel) ` : "this kernel "}over its input; at each place, the window times the kernel, summed${bias === void 0 ? "" : `, plus the bias b[${k + 1}] = ${num(bias.data[k])}`}, is one value of map ${k + 1}.`)
      );
    };
    const showSoftmax = (j) => {
      if (model === void 0 || trace === void 0 || input2 === void 0) return;
      barProbe = j;
      barRows.forEach((bar, k) => bar.row.classList.toggle("probed", k === j));
      const logits = trace.outputs[trace.outputs.length - 1].data;
      const t = softmaxTerms(logits, j);
      const name2 = model.classes[j] ?? String(j);
      const lines = formatSoftmax(t, model.classes);
      const sum = element("p", "arithmetic");
      for (const line of [`p[${name2}] = e^(z[${name2}] − m) / Σ_k e^(z[k] − m)`, ...lines]) sum.append(line, element("br"));
      sum.lastChild?.remove();
      barsExplain.replaceChildren(
        element("p", "explain-title", `softmax, class ${name2}: ${barRows[j]?.value.textContent ?? percent(t.value)}`),
        element("p", "muted", "The scores z of the last layer, less their largest m (so that e^z cannot overflow), exponentiated, then shared out so that they sum to 1:"),
        sum
      );
    };
    const markKernelRow = (view, k) => {
      view.mark.hidden = false;
      view.mark.style.top = `${k * (view.kH + 1) * view.s}px`;
      view.mark.style.left = "0px";
      view.mark.style.height = `${view.kH * view.s}px`;
      view.mark.style.width = "100%";
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
      } else if (t.kind === "bn") {
        parts.push(bnTable(t));
        parts.push(element("p", "muted", `Predicting, the channel is standardised with the mean and variance kept from training (not this digit's own), x̂ = (x − mean)/√(variance + ε), ε = 10⁻⁵; then scaled by γ and shifted by β, which were learned:`));
      } else if (t.kind === "dropout") {
        parts.push(element("p", "muted", `Dropout ${t.p} is off when predicting: the identity, so this value is the value under the pointer one stage before (x = ${num(t.input)}). In training each value is zeroed with probability ${t.p} and the rest are scaled by 1/(1−${t.p}) = ${num(1 / (1 - t.p))}, so that the sum a layer sees stays the same on average.`));
      }
      parts.push(element("p", "arithmetic", formatTerms(t)));
      explain.replaceChildren(...parts);
    };
    const renderDense = (t, title, inShape, o) => {
      const F = t.top.length + t.rest.count;
      const table = element("table", "dense-terms");
      table.append(element("caption", "", `the ${t.top.length} largest of its ${F} terms W[${o}, f]·x[f]`));
      const head2 = element("tr");
      for (const h of [inShape.length === 3 ? "x at" : "f", "x[f]", `W[${o}, f]`, "product"]) {
        const th = element("th", "", h);
        th.scope = "col";
        head2.append(th);
      }
      const scale = divergingScale(Math.max(1e-6, ...t.top.map((term) => Math.abs(term.product))));
      const body = t.top.map((term) => {
        const tr = element("tr");
        const cells = [positionOf(inShape, term.f), num(term.x), num(term.w), num(term.product)].map((text) => element("td", "", text));
        const [r, g, b] = scale(term.product);
        cells[3].style.background = `rgb(${r} ${g} ${b})`;
        cells[3].style.color = (r + g + b) / 3 < 128 ? "#fff" : "#111";
        tr.append(...cells);
        return tr;
      });
      table.append(element("thead"), element("tbody"));
      table.tHead?.append(head2);
      table.tBodies[0]?.append(...body);
      explain.replaceChildren(
        element("p", "explain-title", title),
        element("p", "muted", `y[${o}] = Σ_f W[${o}, f]·x[f] + b[${o}], over the ${F} values of the layer's input x${inShape.length === 3 ? ` (${inShape.join("×")})` : ""}. Most products are small; the largest, by size:`),
        table,
        element("p", "muted", `All ${F} products, the others summed, plus the bias b[${o}] = ${num(t.bias)}:`),
        element("p", "arithmetic", formatTerms(t))
      );
    };
    const bnTable = (t) => {
      const table = element("table", "bn-terms");
      table.append(element("caption", "", "the value and its channel's numbers"));
      const rows = [
        ["x", num(t.input), "the value one stage before"],
        ["mean", num(t.mean), "running mean, from training"],
        ["variance", small(t.variance), "running variance, from training"],
        ["x̂", num(t.xHat), "(x − mean)/√(variance + ε)"],
        ["γ", num(t.gamma), "scale, learned"],
        ["β", num(t.beta), "shift, learned"]
      ];
      const body = element("tbody");
      for (const [name2, value, what] of rows) {
        const tr = element("tr");
        const th = element("th", "", name2);
        th.scope = "row";
        tr.append(th, element("td", "", value), element("td", "muted", what));
        body.append(tr);
      }
      table.append(body);
      return table;
    };
    const labelled = (label, content) => {
      const figure = element("figure", "explain-figure");
      figure.append(content, element("figcaption", "", label));
      return figure;
    };
    return {
      setModel: (next) => {
        const previous = model;
        model = next;
        if (next === void 0) {
          root.replaceChildren();
          stages = [];
          structure = "";
          trace = void 0;
          barList.replaceChildren();
          barRows = [];
          barsHint.hidden = false;
          barList.hidden = true;
          barsExplain.hidden = true;
          return;
        }
        const key2 = `${next.net.layers.map((l) => l.name).join("-")} ${next.classes.join(",")}`;
        if (key2 !== structure) {
          structure = key2;
          build(next);
          lastModelRepaint = performance.now();
          repaint();
          return;
        }
        if (previous === next) return;
        const since = performance.now() - lastModelRepaint;
        if (since >= MODEL_REPAINT_MS) {
          lastModelRepaint = performance.now();
          repaint();
        } else if (timer === void 0) {
          timer = setTimeout(() => {
            lastModelRepaint = performance.now();
            repaint();
          }, MODEL_REPAINT_MS - since);
        }
      },
      setInput: (next) => {
        input2 = next;
        repaint();
      }
    };
  };

  // src/report/confusion.ts
  var checkLabel = (what, value, n, classes) => {
    if (value >= classes) throw new RangeError(`confusionMatrix: ${what}[${n}] = ${value} is not one of the ${classes} classes`);
  };
  var confusionMatrix = (labels, predicted, classes) => {
    if (!(Number.isInteger(classes) && classes >= 1)) throw new RangeError(`confusionMatrix: classes must be a positive integer, got ${classes}`);
    if (labels.length !== predicted.length) {
      throw new RangeError(`confusionMatrix: ${labels.length} labels but ${predicted.length} predictions`);
    }
    const counts = new Int32Array(classes * classes);
    for (let n = 0; n < labels.length; n++) {
      checkLabel("labels", labels[n], n, classes);
      checkLabel("predicted", predicted[n], n, classes);
      counts[labels[n] * classes + predicted[n]] += 1;
    }
    return { classes, counts };
  };
  var traceOf = (cm) => {
    let trace = 0;
    for (let t = 0; t < cm.classes; t++) trace += cm.counts[t * cm.classes + t];
    return trace;
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
    const [count2, rows, cols] = images.dims;
    if (labels.dims[0] !== count2) {
      return left2(`${names.images} has ${count2} images but ${names.labels} has ${labels.dims[0]} labels`);
    }
    const bad = firstBadLabel(labels.data, classes);
    if (bad !== void 0) {
      return left2(`${names.labels}: label ${bad[0]} is ${bad[1]}, but labels must be below the ${classes} classes`);
    }
    return right2({ images: images.data, labels: labels.data, count: count2, rows, cols, classes });
  };

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
    const [bits2, next] = nextUint32(rng);
    return [bits2 / 4294967296, next];
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

  // site/data.ts
  var fetchBytes = async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (!(bytes[0] === 31 && bytes[1] === 139)) return [bytes, bytes.length];
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return [new Uint8Array(await new Response(stream).arrayBuffer()), bytes.length];
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

  // site/testDigits.ts
  var SIDE = 28;
  var PIXELS = SIDE * SIDE;
  var loadTestDigits = async (base) => {
    const [data] = await loadHalf(base, "t10k");
    if (data.rows !== SIDE || data.cols !== SIDE) throw new Error(`the test digits are ${data.rows}×${data.cols}, not ${SIDE}×${SIDE}`);
    return data;
  };
  var inputOf = (images, n) => {
    const x = new Float32Array(PIXELS);
    for (let p = 0; p < PIXELS; p++) x[p] = images[n * PIXELS + p] / 255;
    return x;
  };
  var classifyDigit = (model, images, n) => classify(model.net, model.params, tensor([1, 1, SIDE, SIDE], inputOf(images, n)))[0];
  var classifyAll = async (count2, classifyOne, control) => {
    const predicted = new Int32Array(count2);
    let [n, busyMs, longestMs, slices] = [0, 0, 0, 0];
    while (n < count2) {
      if (slices > 0) await control.pause();
      const start = control.now();
      let elapsed = 0;
      while (n < count2 && elapsed < control.budgetMs) {
        if (control.cancelled()) return void 0;
        predicted[n] = classifyOne(n);
        n++;
        elapsed = control.now() - start;
      }
      busyMs += elapsed;
      longestMs = Math.max(longestMs, elapsed);
      slices++;
      control.progress?.(n);
    }
    return { predicted, busyMs, longestMs, slices };
  };
  var passes = (filter, label, predicted) => {
    if (filter.kind === "all") return true;
    if (predicted === void 0) return false;
    return filter.kind === "wrong" ? predicted !== label : label === filter.label && predicted === filter.predicted;
  };
  var matrixClasses = (model, data) => Math.max(model.classes.length, data.classes);
  var count = (n) => n.toLocaleString("en-US");
  var className = (model, c) => model.classes[c] ?? String(c);
  var accuracyText = (right3, total) => `${count(right3)} of ${count(total)} right: ${total === 0 ? "0" : (right3 / total * 100).toFixed(1)}%`;
  var itemLabel = (index, label, answer, right3) => `test digit ${count(index + 1)}, labelled ${label}${answer === void 0 ? "" : `, read as ${answer} (${right3 ? "right" : "wrong"})`}`;
  var sampleNote = (index, total, label, answer, right3) => `test digit ${count(index + 1)} of ${count(total)}, labelled ${label}: ${answer === void 0 ? "no model to read it yet" : `the model says ${answer} (${right3 ? "right" : "wrong"})`}`;
  var cellText = (label, answer, n) => `labelled ${label}, read as ${answer}: ${count(n)} digit${n === 1 ? "" : "s"}`;
  var WHITE2 = [255, 255, 255];
  var BLACK = [0, 0, 0];
  var BLUE2 = [33, 102, 172];
  var RED2 = [178, 24, 43];
  var luminance = (rgb) => {
    const [r, g, b] = rgb.map((v) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  var cellColour = (n, largest, diagonal) => {
    const t = n <= 0 || largest <= 0 ? 0 : Math.min(1, diagonal ? 0.25 + 0.75 * (n / largest) : 0.15 + 0.85 * Math.sqrt(n / largest));
    const to = diagonal ? BLUE2 : RED2;
    const mix2 = (k) => Math.round(WHITE2[k] + (to[k] - WHITE2[k]) * t);
    const rgb = [mix2(0), mix2(1), mix2(2)];
    return { rgb, text: luminance(rgb) < 0.179 ? WHITE2 : BLACK };
  };

  // site/gallery.ts
  var BUDGET_MS = 16;
  var EVERY_MS = 1e3;
  var PER_FRAME = 100;
  var SHEET_COLUMNS = 50;
  var channel = new MessageChannel();
  var waiting = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  var pause = () => new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
  var nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  var say = (e, text) => {
    if (e.textContent !== text) e.textContent = text;
  };
  var seconds = (ms) => ms < 1e3 ? `${Math.round(ms)} ms` : `${(ms / 1e3).toFixed(1)} s`;
  var createGallery = (root, sample2, note, show) => {
    root.replaceChildren();
    root.classList.add("gallery");
    const intro = element("p", "gallery-intro");
    intro.append(
      "The model chosen in panel 1, on every test digit shipped with the page: digits it never trained on, so what it gets right here is what it has learned, not remembered. ",
      "A digit it reads wrong has a red frame, with its answer in the corner."
    );
    const status = element("p", "gallery-status", "The test digits load when this panel comes into view.");
    status.dataset.testid = "gallery-accuracy";
    status.setAttribute("aria-live", "polite");
    const progress = element("progress", "gallery-progress");
    progress.setAttribute("aria-label", "Digits read so far");
    progress.hidden = true;
    const cost = element("p", "gallery-cost muted small");
    const table = element("table", "confusion");
    table.dataset.testid = "confusion";
    const matrixBox = element("div", "confusion-box");
    const legend = element("p", "confusion-legend muted small");
    legend.innerHTML = '<span><span class="key right"></span>right answers (the diagonal)</span> <span><span class="key wrong"></span>mistakes, darker for more</span>';
    matrixBox.append(table, legend);
    const explain = element("div", "confusion-explain");
    const what = element("p");
    const source = element("a", "", "confusionMatrix");
    source.href = "../annotated/report/confusion.html#confusionMatrix";
    what.append(
      "A confusion matrix counts, for every pair of a true label and an answer, how many digits have that pair. ",
      "Row 4 holds the digits labelled 4 and column 9 those the model read as 9, so the cell where they cross counts the 4s it took for 9s. ",
      "The diagonal holds the right answers; every cell off it is one kind of mistake. A cell’s button shows its digits. (Counted by ",
      source,
      ", the function behind the report of npm run train.)"
    );
    const filterBox = element("fieldset", "gallery-filter");
    filterBox.append(element("legend", "", "Show"));
    const radio = (value, text) => {
      const input2 = element("input");
      input2.type = "radio";
      input2.name = "gallery-filter";
      input2.value = value;
      const label = element("label");
      label.append(input2, ` ${text}`);
      filterBox.append(label);
      return input2;
    };
    const allRadio = radio("all", "every digit");
    const wrongRadio = radio("wrong", "only the wrong ones");
    allRadio.checked = true;
    const filterNote = element("p", "gallery-filter-note");
    filterNote.setAttribute("aria-live", "polite");
    const showAll = element("button", "gallery-show-all", "Show every digit");
    showAll.type = "button";
    showAll.hidden = true;
    const filterRow = element("div", "gallery-filter-row");
    filterRow.append(filterNote, showAll);
    explain.append(what, filterBox, filterRow);
    const top = element("div", "gallery-top");
    top.append(matrixBox, explain);
    const howTo = element("p", "gallery-how muted small", "Click a digit (or move to it with the arrow keys and press Enter) to put it into the pad of panel 1: every view above then shows it, so you can see how the network came to its answer. This page stays where it is.");
    const loadedNote = element("p", "gallery-loaded");
    loadedNote.setAttribute("aria-live", "polite");
    const grid = element("div", "gallery-items");
    grid.setAttribute("role", "group");
    grid.setAttribute("aria-label", "The test digits");
    root.append(intro, status, progress, cost, top, howTo, loadedNote, grid);
    let data;
    let loading;
    let model;
    let results;
    let running;
    let lastStart = Number.NEGATIVE_INFINITY;
    let lastEnd = Number.NEGATIVE_INFINITY;
    let lastWall = 0;
    let timer;
    let visible = false;
    let filter = { kind: "all" };
    let items = [];
    let shown = new Int32Array(0);
    let shownClasses = "";
    let focusable = 0;
    let selected;
    let noted;
    let cells = [];
    let matrixFor = [];
    const answers = () => model !== void 0 && results !== void 0 && results.model.net === model.net ? results.predicted : void 0;
    const answerOf = (index) => {
      if (data === void 0 || model === void 0) return void 0;
      return results?.model === model ? results.predicted[index] : classifyDigit(model, data.images, index);
    };
    const digitAt = (d, index) => ({ pixels: d.images.subarray(index * PIXELS, (index + 1) * PIXELS), label: d.labels[index], index });
    const writeNote = () => {
      if (noted === void 0 || data === void 0) return;
      const { index, fromGallery } = noted;
      const answer = answerOf(index);
      const label = data.labels[index];
      const text = sampleNote(index, data.count, label, answer === void 0 || model === void 0 ? void 0 : className(model, answer), answer === label);
      if (note.firstChild?.textContent === text) return;
      note.replaceChildren(text);
      if (fromGallery) {
        const back = element("a", "", "back to the gallery");
        back.href = "#test-set";
        note.append(" (", back, ")");
      }
    };
    const load = () => {
      loading ??= (async () => {
        status.textContent = "Loading the test digits…";
        try {
          const d = await loadTestDigits(new URL("data/", document.baseURI));
          data = d;
          await build(d);
          request();
          return d;
        } catch (error) {
          status.textContent = `The test digits could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
          loading = void 0;
          return void 0;
        }
      })();
      return loading;
    };
    const build = async (d) => {
      const rows = Math.ceil(d.count / SHEET_COLUMNS);
      const sheet = element("canvas");
      sheet.width = SHEET_COLUMNS * SIDE;
      sheet.height = rows * SIDE;
      const context = sheet.getContext("2d");
      if (context !== null) {
        const image = context.createImageData(sheet.width, sheet.height);
        const rgba = image.data;
        let started = performance.now();
        for (let n = 0; n < d.count; n++) {
          if (n % 50 === 0 && performance.now() - started > BUDGET_MS) {
            await pause();
            started = performance.now();
          }
          const x0 = n % SHEET_COLUMNS * SIDE;
          const y0 = Math.floor(n / SHEET_COLUMNS) * SIDE;
          for (let y = 0; y < SIDE; y++) {
            let at2 = ((y0 + y) * sheet.width + x0) * 4;
            let p = n * PIXELS + y * SIDE;
            for (let x = 0; x < SIDE; x++, at2 += 4, p++) {
              const g = 255 - d.images[p];
              rgba[at2] = g;
              rgba[at2 + 1] = g;
              rgba[at2 + 2] = g;
              rgba[at2 + 3] = 255;
            }
          }
        }
        context.putImageData(image, 0, 0);
        const blob = await new Promise((resolve) => sheet.toBlob(resolve));
        if (blob !== null) grid.style.setProperty("--sheet", `url("${URL.createObjectURL(blob)}")`);
      }
      grid.style.setProperty("--sheet-columns", String(SHEET_COLUMNS));
      grid.style.setProperty("--sheet-rows", String(rows));
      items = Array.from({ length: d.count }, (_, n) => {
        const item = element("button", "digit");
        item.type = "button";
        item.dataset.testid = "gallery-item";
        item.dataset.index = String(n);
        item.tabIndex = n === 0 ? 0 : -1;
        item.setAttribute("aria-label", itemLabel(n, d.labels[n], void 0, false));
        item.style.setProperty("--col", String(n % SHEET_COLUMNS));
        item.style.setProperty("--row", String(Math.floor(n / SHEET_COLUMNS)));
        return item;
      });
      shown = new Int32Array(d.count).fill(-1);
      for (let from = 0; from < items.length; from += PER_FRAME) {
        if (from > 0) await nextFrame();
        const fragment = document.createDocumentFragment();
        for (const item of items.slice(from, from + PER_FRAME)) fragment.append(item);
        grid.append(fragment);
      }
    };
    let itemsRun = 0;
    const updateItems = async (d) => {
      const run = ++itemsRun;
      const m = model;
      const predicted = answers();
      const names = (m?.classes ?? []).join("\0");
      const renamed = names !== shownClasses;
      let changed = 0;
      for (let n = 0; n < items.length; n++) {
        const answer = predicted?.[n] ?? -1;
        if (answer === shown[n] && !renamed) continue;
        if (++changed % PER_FRAME === 0) {
          await nextFrame();
          if (run !== itemsRun) return;
        }
        shown[n] = answer;
        const item = items[n];
        const label = d.labels[n];
        if (answer < 0 || m === void 0) {
          delete item.dataset.correct;
          item.replaceChildren();
          item.setAttribute("aria-label", itemLabel(n, label, void 0, false));
          continue;
        }
        const right3 = answer === label;
        item.dataset.correct = String(right3);
        item.setAttribute("aria-label", itemLabel(n, label, className(m, answer), right3));
        if (right3) item.replaceChildren();
        else {
          const badge = element("span", "answer", className(m, answer));
          badge.setAttribute("aria-hidden", "true");
          item.replaceChildren(badge);
        }
      }
      shownClasses = names;
    };
    const applyFilter = () => {
      if (data === void 0) return;
      const predicted = answers();
      let count2 = 0;
      let first = -1;
      for (let n = 0; n < items.length; n++) {
        const hide = !passes(filter, data.labels[n], predicted?.[n]);
        if (items[n].hidden !== hide) items[n].hidden = hide;
        if (!hide) {
          count2++;
          if (first < 0) first = n;
        }
      }
      if (items[focusable]?.hidden === true && first >= 0) moveFocusable(first, false);
      allRadio.checked = filter.kind === "all";
      wrongRadio.checked = filter.kind === "wrong";
      showAll.hidden = filter.kind !== "cell";
      const f = filter;
      const words = f.kind === "all" ? `All ${count2.toLocaleString("en-US")} digits.` : predicted === void 0 ? "Waiting for the model’s answers…" : f.kind === "wrong" ? count2 === 0 ? "The model reads every digit right." : `The ${count2.toLocaleString("en-US")} digit${count2 === 1 ? "" : "s"} the model reads wrong.` : `${cellText(f.label, model === void 0 ? String(f.predicted) : className(model, f.predicted), count2)}${f.label === f.predicted ? " (right)" : ""}.`;
      say(filterNote, words);
      const K = matrixFor.length;
      for (const [k, cell] of cells.entries()) cell.setAttribute("aria-pressed", String(f.kind === "cell" && k === f.label * K + f.predicted));
    };
    const moveFocusable = (n, focus) => {
      items[focusable]?.setAttribute("tabindex", "-1");
      focusable = n;
      items[n]?.setAttribute("tabindex", "0");
      if (focus) items[n]?.focus();
    };
    grid.addEventListener("keydown", (event) => {
      const item = event.target.closest(".digit");
      if (item === null) return;
      const visibleItems = items.filter((i) => !i.hidden);
      const at2 = visibleItems.indexOf(item);
      const columns = Math.max(1, getComputedStyle(grid).gridTemplateColumns.split(" ").length);
      const page = columns * Math.max(1, Math.floor(grid.clientHeight / Math.max(1, item.offsetHeight)) - 1);
      const moves = { ArrowRight: at2 + 1, ArrowLeft: at2 - 1, ArrowDown: at2 + columns, ArrowUp: at2 - columns, Home: 0, End: visibleItems.length - 1, PageDown: at2 + page, PageUp: at2 - page };
      const to = moves[event.key];
      if (to === void 0) return;
      event.preventDefault();
      const target = visibleItems[Math.max(0, Math.min(visibleItems.length - 1, to))];
      if (target !== void 0) moveFocusable(Number(target.dataset.index), true);
    });
    const pick = (index, fromGallery) => {
      if (data === void 0) return;
      if (selected !== void 0) items[selected]?.removeAttribute("aria-current");
      selected = index;
      items[index]?.setAttribute("aria-current", "true");
      show(digitAt(data, index));
      noted = { index, fromGallery };
      writeNote();
      if (fromGallery) {
        const go = element("a", "", "Go to the pad");
        go.href = "#draw";
        loadedNote.replaceChildren(`Test digit ${(index + 1).toLocaleString("en-US")} is in the pad now, and in every view above. `, go);
      }
    };
    grid.addEventListener("click", (event) => {
      const item = event.target.closest(".digit");
      if (item === null) return;
      const index = Number(item.dataset.index);
      moveFocusable(index, false);
      pick(index, true);
    });
    const revealGallery = () => {
      const box = grid.getBoundingClientRect();
      if (box.top < window.innerHeight - 80) return;
      const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      window.scrollBy({ top: box.top - window.innerHeight + Math.min(box.height, window.innerHeight * 0.6), behavior: still ? "auto" : "smooth" });
    };
    const setFilter = (next) => {
      filter = next;
      applyFilter();
    };
    allRadio.addEventListener("change", () => setFilter({ kind: "all" }));
    wrongRadio.addEventListener("change", () => setFilter({ kind: "wrong" }));
    showAll.addEventListener("click", () => {
      setFilter({ kind: "all" });
      allRadio.focus();
    });
    const buildMatrix = (K, m) => {
      matrixFor = Array.from({ length: K }, (_, p) => className(m, p));
      table.replaceChildren();
      const caption = element("caption", "", "The confusion matrix: one row per true label, one column per answer of the model");
      const head2 = element("thead");
      const over = element("tr");
      const corner = element("td");
      const answers2 = element("th", "axis", "read as →");
      answers2.scope = "colgroup";
      answers2.colSpan = K;
      over.append(corner, answers2);
      const names = element("tr");
      const labelled = element("th", "axis labels", "label ↓");
      labelled.scope = "col";
      names.append(labelled);
      for (let p = 0; p < K; p++) {
        const th = element("th", "", className(m, p));
        th.scope = "col";
        names.append(th);
      }
      head2.append(over, names);
      const body = element("tbody");
      cells = [];
      for (let t = 0; t < K; t++) {
        const row = element("tr");
        const th = element("th", "", String(t));
        th.scope = "row";
        row.append(th);
        for (let p = 0; p < K; p++) {
          const td = element("td", t === p ? "diagonal" : "");
          const button = element("button");
          button.type = "button";
          button.dataset.label = String(t);
          button.dataset.predicted = String(p);
          button.addEventListener("click", () => {
            setFilter(filter.kind === "cell" && filter.label === t && filter.predicted === p ? { kind: "all" } : { kind: "cell", label: t, predicted: p });
            revealGallery();
          });
          td.append(button);
          row.append(td);
          cells.push(button);
        }
        body.append(row);
      }
      table.append(caption, head2, body);
    };
    const updateMatrix = (d, m, predicted) => {
      const K = matrixClasses(m, d);
      if (K > 256) return 0;
      if (K !== matrixFor.length || matrixFor.some((name2, p) => name2 !== className(m, p))) buildMatrix(K, m);
      if (predicted === void 0) {
        for (const [k, button] of cells.entries()) {
          button.textContent = "";
          button.disabled = true;
          button.setAttribute("aria-label", `labelled ${Math.floor(k / K)}, read as ${className(m, k % K)}: not counted yet`);
          button.style.backgroundColor = "";
          button.style.color = "";
        }
        return 0;
      }
      const cm = confusionMatrix(d.labels, Uint8Array.from(predicted), K);
      let [largestRight, largestWrong] = [0, 0];
      for (let k = 0; k < K * K; k++) {
        if (k % (K + 1) === 0) largestRight = Math.max(largestRight, cm.counts[k]);
        else largestWrong = Math.max(largestWrong, cm.counts[k]);
      }
      for (let t = 0; t < K; t++) {
        for (let p = 0; p < K; p++) {
          const n = cm.counts[t * K + p];
          const button = cells[t * K + p];
          const { rgb, text } = cellColour(n, t === p ? largestRight : largestWrong, t === p);
          say(button, String(n));
          button.disabled = n === 0;
          button.setAttribute("aria-label", cellText(t, className(m, p), n));
          button.style.backgroundColor = `rgb(${rgb.join(" ")})`;
          button.style.color = n === 0 ? "" : `rgb(${text.join(" ")})`;
        }
      }
      return traceOf(cm);
    };
    const render = () => {
      if (data === void 0) return;
      const total = data.count.toLocaleString("en-US");
      const predicted = answers();
      if (model === void 0) say(status, `${total} test digits. Choose a model in panel 1 to see how it reads them.`);
      else {
        const right3 = updateMatrix(data, model, predicted);
        say(status, predicted !== void 0 ? accuracyText(right3, data.count) : visible ? `Reading the ${total} digits with the model…` : `${total} test digits, read by the model when this panel is on screen.`);
      }
      applyFilter();
      writeNote();
      void updateItems(data);
    };
    const request = () => {
      if (data === void 0 || model === void 0 || !visible || results?.model === model) return;
      if (running !== void 0) {
        if (running.model.net === model.net) return;
        running.cancelled = true;
        running = void 0;
      }
      const sameNetwork = results !== void 0 && results.model.net === model.net;
      const wait = sameNetwork ? Math.max(lastStart + EVERY_MS, lastEnd + 2 * lastWall) - performance.now() : 0;
      if (wait > 0) {
        timer ??= setTimeout(() => {
          timer = void 0;
          request();
        }, wait);
        return;
      }
      void start(data, model);
    };
    const start = async (d, m) => {
      const run = { model: m, cancelled: false };
      running = run;
      const began = performance.now();
      lastStart = began;
      const first = results === void 0 || results.model.net !== m.net;
      const total = d.count.toLocaleString("en-US");
      if (first) {
        progress.max = d.count;
        progress.value = 0;
        progress.hidden = false;
        render();
      }
      try {
        const pass = await classifyAll(d.count, (n) => classifyDigit(m, d.images, n), {
          budgetMs: BUDGET_MS,
          now: () => performance.now(),
          pause,
          cancelled: () => run.cancelled,
          progress: first ? (done) => {
            progress.value = done;
            progress.textContent = `${done.toLocaleString("en-US")} of ${total}`;
          } : void 0
        });
        if (pass === void 0) return;
        progress.hidden = true;
        const wallMs = performance.now() - began;
        [lastEnd, lastWall] = [performance.now(), wallMs];
        running = void 0;
        results = { model: m, predicted: pass.predicted };
        cost.textContent = `Read one digit at a time in ${seconds(wallMs)} on this computer, ${BUDGET_MS} ms of work at a time so that the page keeps responding in between.`;
        cost.dataset.startedAt = String(Math.round(began));
        cost.dataset.passMs = String(Math.round(wallMs));
        cost.dataset.busyMs = String(Math.round(pass.busyMs));
        cost.dataset.longestMs = String(Math.round(pass.longestMs));
        render();
      } catch (error) {
        running = void 0;
        progress.hidden = true;
        status.textContent = `The model could not read the digits: ${error instanceof Error ? error.message : String(error)}`;
        return;
      }
      request();
    };
    const section2 = root.closest("section") ?? root;
    new IntersectionObserver(
      (entries) => {
        visible = entries.some((e) => e.isIntersecting);
        if (!visible) {
          if (running !== void 0) {
            running.cancelled = true;
            running = void 0;
            progress.hidden = true;
            render();
          }
          return;
        }
        if (data === void 0) void load();
        else request();
      },
      { rootMargin: "200px 0px" }
    ).observe(section2);
    sample2.disabled = false;
    sample2.addEventListener("click", () => {
      if (data !== void 0) {
        pick(Math.floor(Math.random() * data.count), false);
        return;
      }
      sample2.disabled = true;
      note.textContent = "Loading the test digits…";
      void load().then((d) => {
        sample2.disabled = false;
        if (d === void 0) note.textContent = "The test digits could not be loaded.";
        else pick(Math.floor(Math.random() * d.count), false);
      });
    });
    return {
      setModel: (next) => {
        if (next === model) return;
        model = next;
        if (model === void 0 || running !== void 0 && running.model.net !== model.net) {
          if (running !== void 0) running.cancelled = true;
          running = void 0;
          progress.hidden = true;
        }
        render();
        request();
      }
    };
  };

  // src/cli/budget.ts
  var MAX_PARAMETERS = 1e7;
  var MAX_ACTIVATION_BYTES = 2 ** 30;
  var MAX_MODEL_FILE_BYTES = 256 * 2 ** 20;
  var MODEL_FILE_TOO_LARGE = "model files are read whole, and no network within the memory budget writes one that large";
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
    const count2 = net.layers.length;
    let parameters = 0;
    let values = 0;
    for (let i = 0; i < count2; i++) {
      const layer = net.layers[i];
      const where = `layer ${i + 1} of ${count2} (${layer.name})`;
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

  // site/modelLimit.ts
  var tooLarge = (name2, size) => {
    if (size <= MAX_MODEL_FILE_BYTES) return void 0;
    const inBytes = showBytes(size) === showBytes(MAX_MODEL_FILE_BYTES);
    const bytes = (n) => inBytes ? `${n.toLocaleString("en-US")} bytes` : showBytes(n);
    return `error: ${name2}: is ${bytes(size)}; ${MODEL_FILE_TOO_LARGE} (the limit is ${bytes(MAX_MODEL_FILE_BYTES)})`;
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
    const { filters: K, kernelSize: [kH, kW], stride = 1, padding: pad2 = 0, bias = false } = options;
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
    [/^conv(\d+)x(\d+)x(\d+)(?:p(\d+))?(?:s(\d+))?(b)?$/, ([, kH, kW, K, pad2, stride, b], kernels) => {
      const n = positives(positive(kH, 1, "kernel height"), positive(kW, 1, "kernel width"), positive(K, 1, "number of filters"), positive(stride, 1, "stride"));
      if (isLeft2(n)) return n;
      const [h, w, filters, s] = n.right;
      return right2(conv2d({ filters, kernelSize: [h, w], stride: s, padding: Number(pad2 ?? 0), bias: b === "b", kernels: kernels.conv2d }));
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
  var batchTooSmall = (net, batchSize) => {
    const i = net.layers.findIndex((layer, at2) => layer.name === "bn" && valuesPerChannel(net.shapes[at2], batchSize) < 2);
    return i < 0 ? void 0 : `layer ${i + 1} (bn) normalises each feature over the batch, which needs batches of at least 2 samples to train, got a batch size of ${batchSize}`;
  };
  var beyondKernels = withBeyondLayers(referenceKernels);

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
  var slopesOf = (alpha) => Float64Array.of(alpha, 1);
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
        let count2 = 0;
        for (let ih = 0; ih < H; ih++) {
          const xRow = ((n * C + c) * H + ih) * W;
          const rowInside = ih + p - (kH - 1) >= 0 && ih + p < oH;
          for (let iw = 0; iw < W; iw++) {
            const v = x[xRow + iw];
            if (v === 0) continue;
            if (rowInside && iw + p - (kW - 1) >= 0 && iw + p < oW) {
              values[count2] = v;
              corners[count2] = (ih + p) * oW + iw + p;
              count2++;
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
            for (let i = 0; i < count2; i++) y[at2 + corners[i]] += w * values[i];
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
      let count2 = 0;
      for (let n = 0; n < N; n++) {
        for (let oh = 0; oh < oH; oh++) {
          const dyRow = ((n * K + k) * oH + oh) * oW;
          for (let ow = 0; ow < oW; ow++) {
            const d = dy[dyRow + ow];
            if (d === 0) continue;
            values[count2] = d;
            corners[count2] = (n * C * H + oh * s) * W + ow * s;
            count2++;
          }
        }
      }
      for (let c = 0; c < C; c++) {
        for (let kh = 0; kh < kH; kh++) {
          for (let kw = 0; kw < kW; kw++) {
            const offset = (c * H + kh) * W + kw;
            let sum = 0;
            for (let i = 0; i < count2; i++) sum += values[i] * xp[corners[i] + offset];
            dWeights[((k * C + c) * kH + kh) * kW + kw] = sum;
          }
        }
      }
    }
    return dWeights;
  };

  // src/fast/gemm.ts
  var gemmNNInto = (A3, aAt, B3, bAt, M, K, N, { out, at: at2, add }) => {
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
          at2 + i * N + j,
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
        for (let r = 0; r < 4; r++) out[at2 + (i + r) * N + j] = dotNN(A3, aAt + (i + r) * K, B3, bAt + j, K, N) + (add ? out[at2 + (i + r) * N + j] : 0);
      }
    }
    for (; i < M; i++) {
      for (let j = 0; j < N; j++) out[at2 + i * N + j] = dotNN(A3, aAt + i * K, B3, bAt + j, K, N) + (add ? out[at2 + i * N + j] : 0);
    }
  };
  var gemmNTInto = (A3, aAt, B3, bAt, M, K, N, { out, at: at2, add }) => {
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
          at2 + i * N + j,
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
        for (let r = 0; r < 4; r++) out[at2 + (i + r) * N + j] = dotNT(A3, aAt + (i + r) * K, B3, bAt + j * K, K) + (add ? out[at2 + (i + r) * N + j] : 0);
      }
    }
    for (; i < M; i++) {
      for (let j = 0; j < N; j++) out[at2 + i * N + j] = dotNT(A3, aAt + i * K, B3, bAt + j * K, K) + (add ? out[at2 + i * N + j] : 0);
    }
  };
  var gemmTNInto = (A3, aAt, B3, bAt, M, K, N, { out, at: at2, add }) => {
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      let j = 0;
      for (; j + 4 <= N; j += 4) {
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let p = 0, a = aAt + i, b = bAt + j; p < K; p++, a += M, b += N) {
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
          at2 + i * N + j,
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
        for (let r = 0; r < 4; r++) out[at2 + (i + r) * N + j] = dotTN(A3, aAt + i + r, M, B3, bAt + j, N, K) + (add ? out[at2 + (i + r) * N + j] : 0);
      }
    }
    for (; i < M; i++) {
      for (let j = 0; j < N; j++) out[at2 + i * N + j] = dotTN(A3, aAt + i, M, B3, bAt + j, N, K) + (add ? out[at2 + i * N + j] : 0);
    }
  };
  var dotNN = (A3, a, B3, b, K, N) => {
    let sum = 0;
    for (let p = 0; p < K; p++, b += N) sum += A3[a + p] * B3[b];
    return sum;
  };
  var dotNT = (A3, a, B3, b, K) => {
    let sum = 0;
    for (let p = 0; p < K; p++) sum += A3[a + p] * B3[b + p];
    return sum;
  };
  var dotTN = (A3, a, M, B3, b, N, K) => {
    let sum = 0;
    for (let p = 0; p < K; p++, a += M, b += N) sum += A3[a] * B3[b];
    return sum;
  };
  var store4x4 = (out, at2, N, add, c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33) => {
    const r1 = at2 + N;
    const r2 = r1 + N;
    const r3 = r2 + N;
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
  var float32Bytes = (x) => {
    const bytes = new ArrayBuffer(4);
    new DataView(bytes).setFloat32(0, x, true);
    return [...new Uint8Array(bytes)];
  };
  var memarg = (align, offset) => [align, ...leb128(offset)];
  var I32 = 127;
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
    shuffle: (lanes) => simd(13).concat(lanes),
    /** Four int32 constants. */
    int32s: (a, b, c, d) => {
      const bytes = new ArrayBuffer(16);
      const view = new DataView(bytes);
      for (const [i, v] of [a, b, c, d].entries()) view.setInt32(4 * i, v, true);
      return simd(12).concat([...new Uint8Array(bytes)]);
    },
    int32Splat: simd(17),
    int32Add: simd(174)
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
  var forWhole = (counter, from, limit, size, body) => [
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
    ...body,
    ...op.get(counter),
    ...op.i32Const(size),
    ...op.i32Add,
    ...op.set(counter),
    ...op.br(0),
    ...op.end,
    ...op.end
  ];
  var moduleBytes = (m) => {
    const code = [...vector(m.locals.map(([count2, type]) => [...leb128(count2), type])), ...m.body, ...op.end];
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
    const finish2 = [];
    for (let r = 0; r < 2; r++) {
      for (let j = 0; j < 4; j++) {
        const s = dotSum(r, j);
        finish2.push([
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
    const body = forLoop(N_, op.get(ROWS), 2, [
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
        ...finish2.flat()
      ])
    ]);
    return moduleBytes({ params: [I32, I32, I32, I32, I32, I32, I32], locals: [[6, I32], [11, V128]], body, exportName: "run", pages: PAGES });
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
    const body = [
      ...forWhole(M2, op.i32Const(0), op.get(M_), 2, rowsOf(2)),
      ...forWhole(M2, op.get(M2), op.get(M_), 1, rowsOf(1))
    ];
    return moduleBytes({ params: [I32, I32, I32, I32, I32, I32, I32, I32, I32], locals: [[4, I32], [14, V128]], body, exportName: "run", pages: PAGES });
  };
  var modules;
  var compiled2 = () => {
    if (modules === void 0) {
      const [dot, splat] = [instantiate(dotModule()), instantiate(splatModule())];
      modules = dot && splat ? {
        dot: { run: dot.run, floats: new Float32Array(dot.memory.buffer) },
        splat: { run: splat.run, floats: new Float32Array(splat.memory.buffer) }
      } : null;
    }
    return modules ?? void 0;
  };
  var serves = (F, O, arrays) => O * F >= SIMD_DENSE_FROM && F % 4 === 0 && arrays.every((a) => a instanceof Float32Array);
  var roundUp = (n, to) => to * Math.ceil(n / to);
  var denseForwardBatchSimd = (x, weights, bias, N, F, O, most = Infinity) => {
    if (!serves(F, O, [x, weights, bias])) return void 0;
    const OP = roundUp(O, 4);
    const rows = Math.min(roundUp(Math.min(N, most), 2), 2 * Math.floor((FLOATS - OP * F - OP) / (2 * (F + OP))));
    const m = compiled2();
    if (m === void 0 || rows < 2) return void 0;
    const { floats, run } = m.dot;
    const [w, b, xAt] = [0, OP * F, OP * F + OP];
    const yAt = xAt + rows * F;
    floats.set(weights, w);
    floats.fill(0, w + O * F, w + OP * F);
    floats.set(bias, b);
    floats.fill(0, b + O, b + OP);
    const y = floatsLike2(x, N * O);
    for (let n = 0; n < N; n += rows) {
      const count2 = Math.min(rows, N - n);
      floats.set(x.subarray(n * F, (n + count2) * F), xAt);
      if (count2 % 2 === 1) floats.fill(0, xAt + count2 * F, xAt + (count2 + 1) * F);
      run(roundUp(count2, 2), F, OP, 4 * xAt, 4 * w, 4 * b, 4 * yAt);
      if (OP === O) y.set(floats.subarray(yAt, yAt + count2 * O), n * O);
      else for (let r = 0; r < count2; r++) y.set(floats.subarray(yAt + r * OP, yAt + r * OP + O), (n + r) * O);
    }
    return y;
  };
  var denseBackwardInputBatchSimd = (dy, weights, N, F, O, most = Infinity) => {
    if (!serves(F, O, [dy, weights])) return void 0;
    const rows = Math.min(N, most, Math.floor((FLOATS - O * F) / (O + F)));
    const m = compiled2();
    if (m === void 0 || rows < 1) return void 0;
    const { floats, run } = m.splat;
    const [w, dyAt] = [0, O * F];
    const dxAt = roundUp(dyAt + rows * O, 4);
    floats.set(weights, w);
    const dx = floatsLike2(dy, N * F);
    for (let n = 0; n < N; n += rows) {
      const count2 = Math.min(rows, N - n);
      floats.set(dy.subarray(n * O, (n + count2) * O), dyAt);
      run(count2, O, F, 4 * dyAt, O, 1, 4 * w, 4 * dxAt, 0);
      dx.set(floats.subarray(dxAt, dxAt + count2 * F), n * F);
    }
    return dx;
  };
  var denseBackwardWeightsBatchSimd = (dy, x, N, F, O, most = Infinity) => {
    if (!serves(F, O, [dy, x])) return void 0;
    const rows = Math.min(N, most, Math.floor((FLOATS - O * F) / (O + F)));
    const m = compiled2();
    if (m === void 0 || rows < 1) return void 0;
    const { floats, run } = m.splat;
    const [dW, dyAt] = [0, O * F];
    const xAt = roundUp(dyAt + rows * O, 4);
    for (let n = 0; n < N; n += rows) {
      const count2 = Math.min(rows, N - n);
      floats.set(dy.subarray(n * O, (n + count2) * O), dyAt);
      floats.set(x.subarray(n * F, (n + count2) * F), xAt);
      run(O, count2, F, 4 * dyAt, 1, O, 4 * xAt, 4 * dW, n === 0 ? 0 : 1);
    }
    const dWeights = floatsLike2(dy, O * F);
    dWeights.set(floats.subarray(dW, dW + O * F));
    return dWeights;
  };

  // src/fast/denseFast.ts
  var BLOCKED_FROM = 4;
  var denseForwardRows = (x, weights, bias, N, F, O) => {
    const y = floatsLike2(x, N * O);
    const nonZero = int322(F);
    for (let n = 0; n < N; n++) {
      const xRow = n * F;
      let count2 = 0;
      for (let f = 0; f < F; f++) if (x[xRow + f] !== 0) nonZero[count2++] = f;
      for (let o = 0; o < O; o++) {
        const wRow = o * F;
        let even = 0;
        let odd = 0;
        let i = 0;
        for (; i + 1 < count2; i += 2) {
          even += weights[wRow + nonZero[i]] * x[xRow + nonZero[i]];
          odd += weights[wRow + nonZero[i + 1]] * x[xRow + nonZero[i + 1]];
        }
        if (i < count2) even += weights[wRow + nonZero[i]] * x[xRow + nonZero[i]];
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
    const simd2 = denseForwardBatchSimd(x, weights, bias, N, F, O);
    if (simd2 !== void 0) return simd2;
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
    const simd2 = denseBackwardInputBatchSimd(dy, weights, N, F, O);
    if (simd2 !== void 0) return simd2;
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
    const simd2 = denseBackwardWeightsBatchSimd(dy, x, N, F, O);
    if (simd2 !== void 0) return simd2;
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
    activations: activationKernelsFast,
    // Dropout and batch norm (chapter 11) compute with their own plain loops: they are cheap
    // beside the convolutions around them.
    moreLayers: beyondLayers
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
    const checked = modelFromJson({ ...JSON.parse(json), parameters }, beyondKernels);
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
  var own = (record, key2) => Object.hasOwn(record, key2) ? record[key2] : void 0;
  var describe2 = (v) => v === void 0 ? "missing" : typeof v === "string" ? v.length <= 60 ? JSON.stringify(v) : `${JSON.stringify(`${v.slice(0, 60)}…`)} (${v.length.toLocaleString("en-US")} characters)` : Array.isArray(v) ? `a list of ${v.length.toLocaleString("en-US")}` : isRecord(v) ? "an object" : String(v);
  var field = (doc, key2, ok, expected) => {
    const value = own(doc, key2);
    return ok(value) ? right2(value) : left2(`"${key2}" must be ${expected}`);
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
      const count2 = sizeOf(shape);
      if (!isList(values)) return left2(`${where}: "${name2}" must have ${count2} numbers in "data", but "data" is ${describe2(values)}`);
      if (values.length !== count2) return left2(`${where}: "${name2}" must have ${count2} numbers in "data", but it has ${values.length.toLocaleString("en-US")}`);
      if (!isNumberList(values)) {
        const bad2 = values.findIndex((v) => typeof v !== "number");
        return left2(`${where}: "${name2}" number ${bad2 + 1} is ${describe2(values[bad2])}, not a number`);
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
  var pageModel = (m, name2, label) => {
    if (m.inputShape.join("×") !== "1×28×28") {
      return left2(`error: ${name2}: this page draws 1×28×28 digits, but the model takes inputs of shape [${m.inputShape.join(", ")}]`);
    }
    const summary = `${m.arch}: ${countParams(m.params).toLocaleString("en-US")} parameters, ${accuracyOf(m)}`;
    return right2({ ...m, label, summary });
  };
  var readModel = (text, name2, label = name2) => {
    const parsed = parseModel(text, fastKernels);
    return isLeft2(parsed) ? left2(`error: ${name2}: ${parsed.left}`) : pageModel(parsed.right, name2, label);
  };
  var fetchModel = async (file, label) => {
    const response = await fetch(file);
    if (!response.ok) return left2(`error: ${file}: HTTP ${response.status}`);
    return readModel(await response.text(), file, label);
  };
  var readModelFile = (file, label) => {
    const refusal = tooLarge(file.name, file.size);
    if (refusal !== void 0) return { result: Promise.resolve(left2(refusal)), cancel: () => {
    } };
    const worker = new Worker("modelWorker.js");
    let settle = () => {
    };
    const result = new Promise((resolve) => {
      settle = (answer) => {
        worker.terminate();
        resolve(answer);
      };
    });
    worker.addEventListener("message", (event) => {
      const m = event.data;
      if (m.type === "refused") return settle(left2(`error: ${file.name}: ${m.message}`));
      const rebuilt = pipe(parseArch(m.model.arch, fastKernels), chain((layers) => sequential(m.model.inputShape, layers)));
      settle(isLeft2(rebuilt) ? left2(`error: ${file.name}: ${rebuilt.left}`) : pageModel({ ...m.model, net: rebuilt.right }, file.name, label));
    });
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      settle(left2(`error: ${file.name}: the page could not read it (${event.message || "the reading worker stopped"})`));
    });
    const request = { file };
    worker.postMessage(request);
    return { result, cancel: () => worker.terminate() };
  };

  // src/onnx/protobuf.ts
  var WIRE_VARINT = 0;
  var WIRE_BYTES = 2;
  var WIRE_FIXED32 = 5;
  var concatBytes = (parts) => {
    let length = 0;
    for (const part of parts) length += part.length;
    const out = new Uint8Array(length);
    let at2 = 0;
    for (const part of parts) {
      out.set(part, at2);
      at2 += part.length;
    }
    return out;
  };
  var utf8 = (text) => new TextEncoder().encode(text);
  var TWO_TO_64 = 2n ** 64n;
  var varint = (value) => {
    if (!Number.isSafeInteger(value)) throw new RangeError(`varint: ${value} is not a safe integer`);
    const bytes = [];
    if (value >= 0) {
      let rest = value;
      while (rest >= 128) {
        bytes.push(rest % 128 | 128);
        rest = Math.floor(rest / 128);
      }
      bytes.push(rest);
    } else {
      let rest = TWO_TO_64 + BigInt(value);
      while (rest >= 0x80n) {
        bytes.push(Number(rest % 0x80n) | 128);
        rest /= 0x80n;
      }
      bytes.push(Number(rest));
    }
    return Uint8Array.from(bytes);
  };
  var key = (field2, wireType) => {
    if (!(Number.isSafeInteger(field2) && field2 >= 1 && field2 < 2 ** 29)) throw new RangeError(`key: field number ${field2} is not from 1 to 2^29 − 1`);
    return varint(field2 * 8 + wireType);
  };
  var intField = (field2, value) => concatBytes([key(field2, WIRE_VARINT), varint(value)]);
  var bytesField = (field2, bytes) => concatBytes([key(field2, WIRE_BYTES), varint(bytes.length), bytes]);
  var stringField = (field2, text) => bytesField(field2, utf8(text));
  var messageField = (field2, fields) => bytesField(field2, concatBytes(fields));
  var float32LE = (values) => {
    const out = new Uint8Array(values.length * 4);
    const view = new DataView(out.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
    return out;
  };
  var floatField = (field2, value) => concatBytes([key(field2, WIRE_FIXED32), float32LE([value])]);
  var packedIntsField = (field2, values) => bytesField(field2, concatBytes(values.map(varint)));

  // src/onnx/export.ts
  var ONNX_IR_VERSION = 8;
  var ONNX_OPSET = 13;
  var ONNX_INPUT = "input";
  var ONNX_LOGITS = "logits";
  var ONNX_PROBABILITIES = "probabilities";
  var ONNX_BATCH = "N";
  var ONNX_BN_EPSILON = 1e-5;
  var MODEL = { irVersion: 1, producerName: 2, producerVersion: 3, docString: 6, graph: 7, opsetImport: 8, metadataProps: 14 };
  var OPSET = { domain: 1, version: 2 };
  var ENTRY = { key: 1, value: 2 };
  var GRAPH = { node: 1, name: 2, initializer: 5, docString: 10, input: 11, output: 12, valueInfo: 13 };
  var NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 };
  var ATTRIBUTE = { name: 1, f: 2, i: 3, ints: 8, type: 20 };
  var ATTRIBUTE_TYPE = { float: 1, int: 2, ints: 7 };
  var TENSOR = { dims: 1, dataType: 2, name: 8, rawData: 9 };
  var VALUE_INFO = { name: 1, type: 2 };
  var TYPE = { tensorType: 1 };
  var TENSOR_TYPE = { elemType: 1, shape: 2 };
  var SHAPE = { dim: 1 };
  var DIMENSION = { value: 1, param: 2 };
  var FLOAT = 1;
  var attribute = ([name2, value]) => messageField(NODE.attribute, [
    stringField(ATTRIBUTE.name, name2),
    "float" in value ? floatField(ATTRIBUTE.f, value.float) : "int" in value ? intField(ATTRIBUTE.i, value.int) : packedIntsField(ATTRIBUTE.ints, value.ints),
    intField(ATTRIBUTE.type, "float" in value ? ATTRIBUTE_TYPE.float : "int" in value ? ATTRIBUTE_TYPE.int : ATTRIBUTE_TYPE.ints)
  ]);
  var node = (n) => messageField(
    GRAPH.node,
    n.inputs.map((input2) => stringField(NODE.input, input2)).concat([stringField(NODE.output, n.output), stringField(NODE.name, n.name), stringField(NODE.opType, n.op)]).concat((n.attributes ?? []).map(attribute))
  );
  var initializer = (name2, t) => messageField(GRAPH.initializer, [
    packedIntsField(TENSOR.dims, t.shape),
    intField(TENSOR.dataType, FLOAT),
    stringField(TENSOR.name, name2),
    bytesField(TENSOR.rawData, float32LE(t.data))
  ]);
  var valueInfo = (field2, name2, sample2) => {
    const batch = messageField(SHAPE.dim, [stringField(DIMENSION.param, ONNX_BATCH)]);
    const dims = [batch].concat(sample2.map((size) => messageField(SHAPE.dim, [intField(DIMENSION.value, size)])));
    return messageField(field2, [
      stringField(VALUE_INFO.name, name2),
      messageField(VALUE_INFO.type, [messageField(TYPE.tensorType, [intField(TENSOR_TYPE.elemType, FLOAT), messageField(TENSOR_TYPE.shape, dims)])])
    ]);
  };
  var pieceOf = (net, params, i, from, to) => {
    const layer = net.layers[i];
    const inShape = net.shapes[i];
    const p = params[i];
    const base = `layer${i + 1}_${layer.name}`;
    const simple = (op2, attributes = []) => right2({ nodes: [{ name: base, op: op2, inputs: [from], output: to, attributes }], weights: [], values: [] });
    const conv = /^conv\d+x\d+x\d+(?:p(\d+))?(?:s(\d+))?b?$/.exec(layer.name);
    if (conv !== null) {
      const [, pad2 = "0", stride = "1"] = conv;
      const w = p.weights;
      const inputs = p.bias === void 0 ? [from, `${base}.weights`] : [from, `${base}.weights`, `${base}.bias`];
      const weights = [[`${base}.weights`, w]];
      if (p.bias !== void 0) weights.push([`${base}.bias`, p.bias]);
      const attributes = [
        ["kernel_shape", { ints: [w.shape[2], w.shape[3]] }],
        ["pads", { ints: [Number(pad2), Number(pad2), Number(pad2), Number(pad2)] }],
        ["strides", { ints: [Number(stride), Number(stride)] }]
      ];
      return right2({ nodes: [{ name: base, op: "Conv", inputs, output: to, attributes }], weights, values: [] });
    }
    const pool = /^pool(\d+)(?:s(\d+))?$/.exec(layer.name);
    if (pool !== null) {
      const [, size = "1", stride = size] = pool;
      return simple("MaxPool", [["kernel_shape", { ints: [Number(size), Number(size)] }], ["strides", { ints: [Number(stride), Number(stride)] }]]);
    }
    if (/^dense\d+$/.test(layer.name)) {
      const weights = [[`${base}.weights`, p.weights], [`${base}.bias`, p.bias]];
      const gemm = (a) => ({ name: base, op: "Gemm", inputs: [a, `${base}.weights`, `${base}.bias`], output: to, attributes: [["transB", { int: 1 }]] });
      if (inShape.length === 1) return right2({ nodes: [gemm(from)], weights, values: [] });
      const flat = `${base}.flat`;
      return right2({
        nodes: [{ name: `${base}_flatten`, op: "Flatten", inputs: [from], output: flat, attributes: [["axis", { int: 1 }]] }, gemm(flat)],
        weights,
        values: [[flat, [sizeOf(inShape)]]]
      });
    }
    if (layer.name === "bn") {
      const weights = ["gamma", "beta", "mean", "variance"].map((name2) => [`${base}.${name2}`, p[name2]]);
      const names = weights.map(([name2]) => name2);
      return right2({
        nodes: [{ name: base, op: "BatchNormalization", inputs: [from].concat(names), output: to, attributes: [["epsilon", { float: ONNX_BN_EPSILON }]] }],
        weights,
        values: []
      });
    }
    if (/^drop\d*\.?\d+(?:e-\d+)?$/.test(layer.name)) return simple("Identity");
    if (layer.name === "flatten") return simple("Flatten", [["axis", { int: 1 }]]);
    if (layer.name === "relu") return simple("Relu");
    if (layer.name === "tanh") return simple("Tanh");
    if (layer.name === "sigmoid") return simple("Sigmoid");
    const leaky = /^lrelu(\d*\.?\d+)?$/.exec(layer.name);
    if (leaky !== null) return simple("LeakyRelu", [["alpha", { float: leaky[1] === void 0 ? 0.01 : Number(leaky[1]) }]]);
    return left2(`layer ${i + 1} (${layer.name}) is not a kind ONNX export knows; expected conv, pool, dense, relu, lrelu, tanh, sigmoid, flatten, bn or drop`);
  };
  var paramsProblem = (net, params) => {
    if (!Array.isArray(params) || params.length !== net.layers.length) {
      return `the network has ${net.layers.length} layers but the parameters are ${Array.isArray(params) ? `a list of ${params.length}` : "not a list"}`;
    }
    for (let i = 0; i < net.layers.length; i++) {
      const expected = net.layers[i].paramShapes(net.shapes[i]);
      const given = params[i];
      const names = Object.keys(expected);
      const extra = Object.keys(given).filter((name2) => !Object.hasOwn(expected, name2));
      if (extra.length > 0) return `layer ${i + 1} (${net.layers[i].name}) has an unexpected tensor "${extra[0]}"`;
      for (const name2 of names) {
        const t = Object.hasOwn(given, name2) ? given[name2] : void 0;
        if (t === void 0) return `layer ${i + 1} (${net.layers[i].name}) has no tensor "${name2}"`;
        if (!sameShape(t.shape, expected[name2]) || t.data.length !== sizeOf(expected[name2])) {
          return `layer ${i + 1} (${net.layers[i].name}): "${name2}" has shape ${showShape(t.shape)} and ${t.data.length} values, the network needs ${showShape(expected[name2])}`;
        }
      }
    }
    return void 0;
  };
  var exportOnnx = (source, options = {}) => {
    const { net, params } = source;
    const problem = paramsProblem(net, params);
    if (problem !== void 0) return left2(problem);
    const layers = net.layers.length;
    const outShape = net.shapes[layers];
    const nodes = [];
    const weights = [];
    const values = [];
    let from = ONNX_INPUT;
    for (let i = 0; i < layers; i++) {
      const to = i === layers - 1 ? ONNX_LOGITS : `layer${i + 1}_${net.layers[i].name}`;
      const piece = pieceOf(net, params, i, from, to);
      if (isLeft2(piece)) return piece;
      for (const n of piece.right.nodes) nodes.push(n);
      for (const w of piece.right.weights) weights.push(w);
      for (const v of piece.right.values) values.push(v);
      if (i < layers - 1) values.push([to, net.shapes[i + 1]]);
      from = to;
    }
    const probabilities = (options.probabilities ?? true) && outShape.length === 1;
    if (probabilities) nodes.push({ name: "softmax", op: "Softmax", inputs: [ONNX_LOGITS], output: ONNX_PROBABILITIES, attributes: [["axis", { int: 1 }]] });
    const inputShape = net.shapes[0];
    const arch = source.arch ?? net.layers.map((layer) => layer.name).join("-");
    const about = `annotated-cnn network ${arch}. Input "${ONNX_INPUT}": float32 ${`[${[ONNX_BATCH].concat(inputShape.map(String)).join(", ")}]`}, NCHW, pixels scaled to [0, 1] (byte / 255). Output "${ONNX_LOGITS}": the scores` + (probabilities ? `; "${ONNX_PROBABILITIES}": their softmax over axis 1.` : ".");
    const outputs = [valueInfo(GRAPH.output, ONNX_LOGITS, outShape)];
    if (probabilities) outputs.push(valueInfo(GRAPH.output, ONNX_PROBABILITIES, outShape));
    const graph = messageField(
      MODEL.graph,
      nodes.map(node).concat([stringField(GRAPH.name, "annotated-cnn")]).concat(weights.map(([name2, t]) => initializer(name2, t))).concat([stringField(GRAPH.docString, about), valueInfo(GRAPH.input, ONNX_INPUT, inputShape)]).concat(outputs).concat(values.map(([name2, shape]) => valueInfo(GRAPH.valueInfo, name2, shape)))
    );
    const metadata = [["arch", arch]];
    if (source.classes !== void 0) metadata.push(["classes", JSON.stringify(source.classes)]);
    const fields = [intField(MODEL.irVersion, ONNX_IR_VERSION), stringField(MODEL.producerName, "annotated-cnn")];
    if (options.producerVersion !== void 0) fields.push(stringField(MODEL.producerVersion, options.producerVersion));
    return right2(
      concatBytes(
        fields.concat([
          stringField(MODEL.docString, about),
          graph,
          messageField(MODEL.opsetImport, [stringField(OPSET.domain, ""), intField(OPSET.version, ONNX_OPSET)])
        ]).concat(metadata.map(([k, v]) => messageField(MODEL.metadataProps, [stringField(ENTRY.key, k), stringField(ENTRY.value, v)])))
      )
    );
  };

  // site/trainPanel.ts
  var PRESETS = [
    { name: "the original: one 3×3 kernel (per-sample Adam)", settings: { arch: "conv3x3x1-lrelu-pool2-dense10", optimizer: "adam", lr: 1e-3, schedule: "cosine", batchSize: 1, epochs: 10, shuffle: false } },
    { name: "softmax regression: no convolution", settings: { arch: "dense10", optimizer: "adam", lr: 1e-3, schedule: "cosine", batchSize: 1, epochs: 10, shuffle: false } },
    { name: "four 3×3 kernels", settings: { arch: "conv3x3x4-lrelu-pool2-dense10", optimizer: "adam", lr: 1e-3, schedule: "cosine", batchSize: 1, epochs: 10, shuffle: false } },
    { name: "two convolutions", settings: { arch: "conv3x3x8-relu-pool2-conv3x3x16-relu-pool2-dense10", optimizer: "adam", lr: 2e-3, schedule: "cosine", batchSize: 16, epochs: 10, shuffle: true } },
    { name: "the ConvNetJS network", settings: { arch: "conv5x5x8p2-relu-pool2-conv5x5x16p2-relu-pool3-dense10", optimizer: "adam", lr: 2e-3, schedule: "cosine", batchSize: 32, epochs: 8, shuffle: true } }
  ];
  var PAGE_DATA = { data: "docs/demo/data", split: "official", train: 1e4, test: 2e3 };
  var LIVE_EVERY_MS = 1e3;
  var whenIdle = (f) => typeof requestIdleCallback === "function" ? requestIdleCallback(f, { timeout: 2e3 }) : window.setTimeout(f, 100);
  var cancelIdle = (handle) => {
    if (typeof cancelIdleCallback === "function") cancelIdleCallback(handle);
    else window.clearTimeout(handle);
  };
  var grouped2 = (n) => Math.round(n).toLocaleString("en-US");
  var positiveNumber = (flag, text) => {
    const v = Number(text);
    return text.trim() !== "" && Number.isFinite(v) && v > 0 ? right2(v) : left2(`${flag} must be a number > 0, got "${text}"`);
  };
  var wholeNumber = (flag, text, min = 1, max) => {
    const v = Number(text);
    const range = max === void 0 ? `≥ ${min}` : `from ${min} to ${max}`;
    return /^[+-]?\d+$/.test(text.trim()) && Number.isSafeInteger(v) && v >= min && (max === void 0 || v <= max) ? right2(v) : left2(`${flag} must be a whole number ${range}, got "${text}"`);
  };
  var readLr = (text) => positiveNumber("learning rate (--lr)", text);
  var readBatchSize = (text) => wholeNumber("batch size (--batch-size)", text);
  var checkedNetwork = (arch, batchSize) => {
    const built = buildNetwork(arch, [1, 28, 28], 10, fastKernels);
    if (isLeft2(built)) return left2(`--arch: ${built.left}`);
    const small2 = batchTooSmall(built.right, batchSize);
    if (small2 !== void 0) return left2(`--arch: ${small2}`);
    const budget = checkBudget(built.right, Math.max(batchSize, EVALUATION_BATCH));
    return isLeft2(budget) ? left2(`--arch: ${budget.left}`) : budget;
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
    `--seed ${s.seed}`,
    `--limit ${trainCount}`,
    "--workers 1"
  ].filter((part) => part !== "").join(" ");
  var showChanges = (changes) => changes.map(({ step, setting }) => `step ${step}: ${"lr" in setting ? `lr ${setting.lr}` : `batch-size ${setting.batchSize}`}`).join("; ");
  var createTrainPanel = (makeWorker, onLive) => {
    const c = {
      preset: byId("preset"),
      arch: byId("arch"),
      optimizer: byId("optimizer"),
      lr: byId("lr"),
      batchSize: byId("batch-size"),
      epochs: byId("epochs"),
      schedule: byId("schedule"),
      shuffle: byId("shuffle"),
      seed: byId("seed"),
      start: byId("start"),
      pause: byId("pause"),
      reset: byId("reset"),
      download: byId("download"),
      downloadOnnx: byId("download-onnx"),
      error: byId("train-error"),
      status: byId("train-status"),
      command: byId("command"),
      commandNote: byId("command-note"),
      dataNote: byId("data-note"),
      epoch: byId("epoch"),
      speed: byId("speed"),
      speedNow: byId("speed-now"),
      accuracy: byId("accuracy"),
      lossChart: byId("loss-chart"),
      accuracyChart: byId("accuracy-chart"),
      kernels: byId("kernels"),
      kernelsCaption: byId("kernels-caption"),
      epochRows: byId("epoch-rows")
    };
    let state = "idle";
    let counts = { train: PAGE_DATA.train, test: PAGE_DATA.test };
    let testFingerprint;
    let settings;
    let net;
    let params;
    let changes = [];
    let lossPoints = [];
    let trainAccPoints = [];
    let testAccPoints = [];
    let highestLoss = 0.4;
    let lowestAccuracy = 0.8;
    let metrics = [];
    let lastLive = -Infinity;
    let worker;
    const tell = (message) => {
      if (worker === void 0) {
        const w = makeWorker();
        w.addEventListener("message", (event) => {
          if (w === worker) handle(event.data);
        });
        w.addEventListener("error", (event) => {
          event.preventDefault();
          if (w === worker) stopped(event.message || "its script could not be loaded or run");
        });
        w.addEventListener("messageerror", () => {
          if (w === worker) stopped("a message from it could not be read");
        });
        worker = w;
      }
      worker.postMessage(message);
    };
    const stopped = (why) => {
      worker?.terminate();
      worker = void 0;
      c.error.textContent = `error: the training worker stopped: ${why}. Press Start to train again with a new one.`;
      c.status.textContent = "";
      setState("idle");
    };
    c.arch.form?.addEventListener("submit", (event) => event.preventDefault());
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
      const lr = readLr(c.lr.value);
      const batchSize = readBatchSize(c.batchSize.value);
      const epochs = wholeNumber("epochs (--epochs)", c.epochs.value);
      const seed = wholeNumber("seed (--seed)", c.seed.value, 0, 4294967295);
      if (isLeft2(batchSize)) return batchSize;
      const built = checkedNetwork(c.arch.value.trim(), batchSize.right);
      if (isLeft2(built)) return built;
      if (isLeft2(lr)) return lr;
      if (isLeft2(epochs)) return epochs;
      if (isLeft2(seed)) return seed;
      const s = {
        arch: c.arch.value.trim(),
        optimizer: c.optimizer.value,
        lr: lr.right,
        schedule: c.schedule.value,
        batchSize: batchSize.right,
        epochs: epochs.right,
        shuffle: c.shuffle.checked,
        seed: seed.right
      };
      return right2({ settings: s, net: built.right });
    };
    const showCommand = (fromForm = false) => {
      if (!fromForm && settings !== void 0 && state !== "idle") {
        c.command.textContent = commandFor(settings, counts.train);
        c.commandNote.textContent = changes.length === 0 ? "" : ` — except this run's live changes (${showChanges(changes)}), which npm run train cannot replay: it keeps its settings for the whole run.`;
        return;
      }
      const r = read();
      c.error.textContent = isLeft2(r) ? `error: ${r.left}` : "";
      c.command.textContent = isRight2(r) ? commandFor(r.right.settings, counts.train) : "–";
      c.commandNote.textContent = isRight2(r) ? "" : " (once the settings are right)";
    };
    const runFields = [c.preset, c.arch, c.optimizer, c.epochs, c.schedule, c.shuffle, c.seed];
    const setState = (next) => {
      state = next;
      const inRun2 = next === "loading" || next === "running" || next === "paused";
      for (const f of runFields) f.disabled = inRun2;
      c.batchSize.disabled = next === "loading" || next === "running";
      c.start.disabled = next === "loading" || next === "running";
      c.start.textContent = next === "paused" ? "Resume" : next === "finished" ? "Start again" : "Start";
      c.pause.disabled = next !== "running";
      c.reset.disabled = next === "idle" && metrics.length === 0;
      c.download.disabled = metrics.length === 0;
      c.downloadOnnx.disabled = metrics.length === 0;
    };
    c.preset.addEventListener("change", () => {
      if (c.preset.value !== "custom") applyPreset(Number(c.preset.value));
      showCommand(true);
    });
    for (const f of [c.arch, c.optimizer, c.epochs, c.schedule, c.shuffle, c.seed]) {
      f.addEventListener("input", () => {
        c.preset.value = "custom";
        showCommand(true);
      });
    }
    const inRun = () => state === "loading" || state === "running" || state === "paused";
    for (const f of [c.lr, c.batchSize]) {
      f.addEventListener("input", () => {
        if (inRun()) return;
        c.preset.value = "custom";
        showCommand(true);
      });
    }
    c.lr.addEventListener("change", () => {
      if (!inRun()) return;
      const lr = readLr(c.lr.value);
      if (isLeft2(lr)) {
        c.error.textContent = `error: ${lr.left}`;
        return;
      }
      c.error.textContent = "";
      tell({ type: "set", setting: { lr: lr.right } });
    });
    c.batchSize.addEventListener("change", () => {
      if (state !== "paused" || settings === void 0 || net === void 0) return;
      const batchSize = readBatchSize(c.batchSize.value);
      const small2 = isLeft2(batchSize) ? void 0 : batchTooSmall(net, batchSize.right);
      const fits = isLeft2(batchSize) ? batchSize : small2 !== void 0 ? left2(small2) : checkBudget(net, Math.max(batchSize.right, EVALUATION_BATCH));
      if (isLeft2(fits)) {
        c.error.textContent = `error: ${isLeft2(batchSize) ? fits.left : `--batch-size: ${fits.left}`}`;
        return;
      }
      c.error.textContent = "";
      tell({ type: "set", setting: { batchSize: Number(c.batchSize.value) } });
      c.status.textContent = `paused; batch size ${Number(c.batchSize.value)} from the next step, when you resume`;
    });
    const drawCharts = () => {
      const xMax = Math.max(1, settings?.epochs ?? 1);
      const loss = [{ name: "training loss", colour: "#b2182b", points: lossPoints }];
      drawChart(c.lossChart, loss, { yMin: 0, yMax: Math.min(2.4, Math.ceil(highestLoss / 0.4) * 0.4), xMax, yLabel: (v) => v.toFixed(1), xLabel: "epochs" });
      const accuracy = [
        { name: "training", colour: "#2166ac", points: trainAccPoints },
        { name: "test", colour: "#1a7f37", points: testAccPoints, dots: true }
      ];
      drawChart(c.accuracyChart, accuracy, { yMin: Math.max(0, Math.floor(lowestAccuracy * 5) / 5), yMax: 1, xMax, yLabel: (v) => `${Math.round(v * 100)}%`, xLabel: "epochs" });
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
    let frame;
    let kernelsDirty = false;
    const redraw = (kernels) => {
      kernelsDirty ||= kernels;
      frame ??= requestAnimationFrame(() => {
        frame = void 0;
        drawCharts();
        if (kernelsDirty) drawKernels();
        kernelsDirty = false;
      });
    };
    let handover;
    const give = () => {
      handover = void 0;
      if (net === void 0 || params === void 0 || settings === void 0) return;
      lastLive = performance.now();
      onLive({ net, params, arch: settings.arch });
    };
    const live = (now) => {
      if (net === void 0 || params === void 0 || settings === void 0) return;
      if (now) {
        if (handover !== void 0) cancelIdle(handover);
        give();
        return;
      }
      if (handover !== void 0 || performance.now() - lastLive < LIVE_EVERY_MS) return;
      handover = whenIdle(give);
    };
    const clearAll = () => {
      lossPoints = [];
      trainAccPoints = [];
      testAccPoints = [];
      highestLoss = 0.4;
      lowestAccuracy = 0.8;
      metrics = [];
      changes = [];
      params = void 0;
      lastLive = -Infinity;
      if (handover !== void 0) cancelIdle(handover);
      handover = void 0;
      c.epoch.textContent = "–";
      c.speed.textContent = "–";
      c.speedNow.textContent = "";
      delete c.speed.dataset.average;
      delete c.speed.dataset.samples;
      c.accuracy.textContent = "–";
      c.status.textContent = "";
      c.epochRows.replaceChildren();
      c.epochRows.closest("table")?.setAttribute("hidden", "");
      const context = c.kernels.getContext("2d");
      context?.clearRect(0, 0, c.kernels.width, c.kernels.height);
      c.kernelsCaption.textContent = "the first layer's kernels appear here when training starts";
      redraw(false);
    };
    c.start.addEventListener("click", () => {
      if (state === "paused" && settings !== void 0) {
        tell({ type: "start", settings });
        c.status.textContent = `training ${settings.arch}…`;
        setState("running");
        return;
      }
      const r = read();
      if (isLeft2(r)) {
        showCommand(true);
        return;
      }
      c.error.textContent = "";
      clearAll();
      settings = r.right.settings;
      net = r.right.net;
      showCommand();
      if (worker !== void 0) tell({ type: "reset" });
      tell({ type: "start", settings });
      c.status.textContent = `training ${settings.arch}…`;
      setState("running");
      showCommand();
    });
    c.pause.addEventListener("click", () => {
      tell({ type: "pause" });
      setState("paused");
      c.status.textContent = "paused";
      c.speedNow.textContent = "";
      live(true);
    });
    c.reset.addEventListener("click", () => {
      if (worker !== void 0) tell({ type: "reset" });
      clearAll();
      settings = void 0;
      onLive(void 0);
      setState("idle");
      showCommand();
    });
    const save = (name2, blob) => {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = name2;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1e3);
    };
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
            training: {
              epochs: s.epochs,
              batchSize: s.batchSize,
              lr: s.lr,
              optimizer: s.optimizer,
              schedule: s.schedule,
              shuffle: s.shuffle,
              // So that `npm run evaluate -- --model model.json`, run in the repository, measures the same test digits.
              limit: counts.train,
              data: PAGE_DATA.data,
              split: PAGE_DATA.split,
              ...testFingerprint === void 0 ? {} : { testFingerprint },
              kernels: "fast",
              workers: 1,
              ...changes.length === 0 ? {} : { changes: showChanges(changes) }
            },
            metrics,
            params
          },
          net
        );
      } catch (error) {
        c.status.textContent = `cannot save this model: ${error instanceof Error ? error.message : String(error)}`;
        return;
      }
      save("model.json", new Blob([text], { type: "application/json" }));
    });
    c.downloadOnnx.addEventListener("click", () => {
      if (net === void 0 || params === void 0) return;
      const bytes = exportOnnx({ net, params, classes: Array.from({ length: 10 }, (_, i) => String(i)) });
      if (isLeft2(bytes)) {
        c.status.textContent = `cannot export this model: ${bytes.left}`;
        return;
      }
      save("model.onnx", new Blob([new Uint8Array(bytes.right)], { type: "application/octet-stream" }));
    });
    const handle = (m) => {
      if (m.type === "loading") {
        setState("loading");
        c.status.textContent = "fetching the digits (1.9 MB)…";
      } else if (m.type === "ready") {
        counts = { train: m.train, test: m.test };
        testFingerprint = m.testFingerprint;
        c.dataNote.textContent = `The page trains on ${m.train.toLocaleString("en-US")} MNIST digits and measures on ${m.test.toLocaleString("en-US")} others, fetched when you first pressed Start (${(m.bytes / 1e6).toFixed(1)} MB, gzipped): the first ${m.train.toLocaleString("en-US")} training digits and the first ${m.test.toLocaleString("en-US")} test digits of the original experiment's split. npm run train uses all 56,000 and 14,000.`;
        if (state === "loading") {
          setState("running");
          c.status.textContent = `training ${settings?.arch ?? ""}…`;
        }
        showCommand();
      } else if (m.type === "progress" && settings !== void 0 && net !== void 0) {
        const x = m.samples / counts.train;
        lossPoints.push([x, m.loss]);
        trainAccPoints.push([x, m.accuracy]);
        highestLoss = Math.max(highestLoss, m.loss);
        lowestAccuracy = Math.min(lowestAccuracy, m.accuracy);
        params = m.params;
        c.epoch.textContent = `${m.epoch}/${settings.epochs} (${Math.round(m.seen / m.total * 100)}%)`;
        c.speed.textContent = `${grouped2(m.averageSamplesPerSecond)} samples/s`;
        c.speed.dataset.average = String(m.averageSamplesPerSecond);
        c.speed.dataset.samples = String(m.samples);
        c.speedNow.textContent = `now ${grouped2(m.samplesPerSecond)}/s`;
        redraw(true);
        live(false);
      } else if (m.type === "epoch") {
        testAccPoints.push([m.samples / counts.train, m.testAccuracy]);
        lowestAccuracy = Math.min(lowestAccuracy, m.testAccuracy);
        metrics.push({ epoch: m.epoch, trainLoss: m.trainLoss, trainAccuracy: m.trainAccuracy, testAccuracy: m.testAccuracy });
        c.accuracy.textContent = `${(m.testAccuracy * 100).toFixed(1)}%`;
        const row = document.createElement("tr");
        for (const text of [String(m.epoch), m.trainLoss.toFixed(4), `${(m.trainAccuracy * 100).toFixed(2)}%`, `${(m.testAccuracy * 100).toFixed(2)}%`]) {
          const cell = document.createElement("td");
          cell.textContent = text;
          row.append(cell);
        }
        c.epochRows.append(row);
        c.epochRows.closest("table")?.removeAttribute("hidden");
        params = m.params;
        c.download.disabled = false;
        c.downloadOnnx.disabled = false;
        redraw(true);
      } else if (m.type === "changed") {
        changes.push({ step: m.step, setting: m.setting });
        c.status.textContent = `${"lr" in m.setting ? `learning rate ${m.setting.lr}` : `batch size ${m.setting.batchSize}`} from step ${m.step.toLocaleString("en-US")}`;
        showCommand();
      } else if (m.type === "done") {
        c.status.textContent = m.message;
        c.speedNow.textContent = "";
        if (m.outcome === "diverged") c.error.textContent = `error: ${m.message}`;
        setState("finished");
        live(true);
      } else if (m.type === "failed") {
        c.error.textContent = `error: ${m.message}`;
        c.status.textContent = "";
        setState("idle");
      }
    };
    setState("idle");
    clearAll();
    showCommand();
    window.addEventListener("resize", () => redraw(false));
  };

  // site/main.ts
  var modelMenu = byId("model");
  var modelInfo = byId("model-info");
  var modelError = byId("model-error");
  var modelStatus = byId("model-status");
  var prediction = byId("prediction");
  var seen = byId("seen");
  var flow2 = createFlow(byId("flow-stages"), byId("explain"), byId("bars"));
  var backward = createBackward(byId("backward"));
  var models = /* @__PURE__ */ new Map();
  var input;
  var current = () => models.get(modelMenu.value);
  var predict = () => {
    const model = current();
    if (model === void 0 || input === void 0) {
      prediction.textContent = "?";
      prediction.title = "";
      prediction.classList.remove("long");
      prediction.setAttribute("aria-label", "no digit drawn yet");
      return;
    }
    const [answer] = classify(model.net, model.params, tensor([1, 1, 28, 28], input));
    prediction.textContent = model.classes[answer];
    prediction.title = model.classes[answer];
    prediction.classList.toggle("long", Array.from(model.classes[answer]).length > 2);
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
  var rank = (value) => {
    const shipped = SHIPPED.findIndex((m) => m.value === value);
    return shipped < 0 ? SHIPPED.length : shipped;
  };
  var offer = (value, model, select) => {
    models.set(value, model);
    const before = modelMenu.value;
    let option = Array.from(modelMenu.options).find((o) => o.value === value);
    if (option === void 0) {
      option = new Option(model.label, value);
      modelMenu.insertBefore(option, Array.from(modelMenu.options).find((o) => rank(o.value) > rank(value)) ?? null);
    }
    option.textContent = model.label;
    if (select) modelMenu.value = value;
    else if (before === "") modelMenu.selectedIndex = -1;
    if (select || modelMenu.value === value) showModel();
  };
  modelMenu.addEventListener("change", showModel);
  var pendingLabel;
  var pad = createPad(byId("pad"), (next) => {
    if (pendingLabel === void 0) byId("sample-note").textContent = "";
    setInput(next, pendingLabel);
  });
  byId("clear").addEventListener("click", () => pad.clear());
  var showDigit = (digit) => {
    pendingLabel = digit.label;
    pad.show(digit.pixels);
    pendingLabel = void 0;
  };
  var gallery = createGallery(byId("gallery"), byId("sample"), byId("sample-note"), showDigit);
  setInput(void 0);
  var loaded = 0;
  var reading;
  var loadFile = async (file) => {
    reading?.cancel();
    const mine = readModelFile(file, `${file.name} (loaded)`);
    reading = mine;
    modelError.textContent = "";
    const large = file.size > 1e6 && file.size <= MAX_MODEL_FILE_BYTES;
    modelStatus.textContent = large ? `Reading ${file.name} (${(file.size / 1e6).toFixed(0)} MB)…` : "";
    const result = await mine.result;
    if (reading !== mine) return;
    reading = void 0;
    modelStatus.textContent = "";
    if (isLeft2(result)) {
      modelError.textContent = result.left;
      return;
    }
    loaded++;
    offer(`file-${loaded}`, result.right, true);
  };
  var picker = byId("model-file");
  picker.addEventListener("change", () => {
    const file = picker.files?.[0];
    if (file !== void 0) void loadFile(file);
    picker.value = "";
  });
  var dropZone = byId("drop-zone");
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
    { value: "convnetjs", file: "models/convnetjs.json", label: "the ConvNetJS network (99.06%)" },
    { value: "record", file: "models/record.json", label: "the 99.5% recipe: batch norm, dropout, augmentation (99.51%)" }
  ];
  var failed = /* @__PURE__ */ new Set();
  var isDefault = (value) => SHIPPED.find((m) => !failed.has(m.value))?.value === value;
  for (const m of SHIPPED) {
    void fetchModel(m.file, m.label).then((result) => {
      if (isLeft2(result)) {
        modelError.textContent = result.left;
        failed.add(m.value);
        const next = SHIPPED.find((s) => isDefault(s.value) && models.has(s.value));
        if (modelMenu.value === "" && next !== void 0) {
          modelMenu.value = next.value;
          showModel();
        }
        return;
      }
      offer(m.value, result.right, isDefault(m.value) && modelMenu.value === "");
    });
  }
  createTrainPanel(() => new Worker("worker.js"), (live) => {
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
  byId("clear").addEventListener("click", () => {
    byId("sample-note").textContent = "";
  });
})();
