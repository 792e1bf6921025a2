import assert from "node:assert/strict";
import { ImpactNetwork } from "@lib/mod.ts";
import { SeededRandom } from "@lib/core/mod.ts";
import type { EpochReport } from "@lib/ml/mod.ts";
import { assertClose, assertThrowsWith } from "../_assert.ts";

/** Independent forward pass from the documented layout: returns the output and every pre-activation. */
function referenceForward(net: ImpactNetwork, x: number[]): { out: number; pre: number[] } {
  const w = net.getWeights();
  let a = x;
  const pre: number[] = [];
  const layers = net.blocks.length / 2;
  for (let l = 0; l < layers; l++) {
    const W = net.blocks[2 * l]!, b = net.blocks[2 * l + 1]!;
    const z = Array.from({ length: W.rows }, (_, o) => {
      let s = w[b.offset + o]!;
      for (let i = 0; i < W.cols; i++) s += w[W.offset + o * W.cols + i]! * a[i]!;
      return s;
    });
    if (l < layers - 1) pre.push(...z);
    a = l < layers - 1 ? z.map((v) => Math.max(0, v)) : z;
  }
  return { out: a[0]!, pre };
}

/** A smooth nonlinear function of three inputs and a seeded sample of it. */
const target = (a: number, b: number, c: number) =>
  Math.sin(1.5 * a) + 0.5 * b * b - Math.tanh(a * c) + 0.3 * c;
function sample(n: number, seed: number) {
  const rng = new SeededRandom(seed);
  const X = Array.from({ length: n }, () => [rng.normal(), rng.normal(), rng.normal()]);
  return { X, y: X.map(([a, b, c]) => target(a!, b!, c!)) };
}

Deno.test("the weight layout is W1 b1 W2 b2 W3 b3 with the documented shapes; forward matches a reference", () => {
  const net = new ImpactNetwork({ inputs: 6, hidden: [32, 16], seed: 1 });
  assert.deepEqual(net.blocks.map((b) => [b.name, b.rows, b.cols]), [
    ["W1", 32, 6],
    ["b1", 32, 1],
    ["W2", 16, 32],
    ["b2", 16, 1],
    ["W3", 1, 16],
    ["b3", 1, 1],
  ]);
  assert.equal(net.size, 6 * 32 + 32 + 32 * 16 + 16 + 16 + 1);
  const x = [0.3, -1, 2, 0.1, -0.5, 1.2];
  assertClose(net.forward(x), referenceForward(net, x).out, { abs: 1e-14 });
});

Deno.test("He initialisation: hidden weights have variance near 2 / fanIn, output 1 / fanIn, biases 0", () => {
  const net = new ImpactNetwork({ inputs: 50, hidden: [400, 50], seed: 3 });
  const w = net.getWeights();
  for (const block of net.blocks) {
    const values = Array.from(w.subarray(block.offset, block.offset + block.length));
    if (block.name.startsWith("b")) {
      assert.ok(values.every((v) => v === 0), block.name);
      continue;
    }
    const variance = values.reduce((s, v) => s + v * v, 0) / values.length;
    const expected = (block.name === "W3" ? 1 : 2) / block.cols;
    // Sampling error of a variance from m normals is about sqrt(2/m); W3 has only 50 weights.
    assertClose(variance, expected, { rel: block.name === "W3" ? 0.5 : 0.05 }, block.name);
  }
});

Deno.test("analytic gradient matches central finite differences, relative error < 1e-6 in every block", () => {
  const net = new ImpactNetwork({ inputs: 6, hidden: [32, 16], seed: 7 });
  const rng = new SeededRandom(8);
  // Nonzero biases so their gradients are exercised, and targets away from the outputs.
  const start = net.getWeights();
  for (const b of net.blocks.filter((b) => b.name.startsWith("b"))) {
    for (let k = 0; k < b.length; k++) start[b.offset + k] = 0.1 * rng.normal();
  }
  net.setWeights(start);
  const X = Array.from({ length: 5 }, () => Array.from({ length: 6 }, () => rng.normal()));
  const y = X.map(() => rng.normal());
  // Stay away from ReLU kinks: a step of h changes a pre-activation by at most ~h * |x| * fan-in.
  const h = 1e-6;
  const kink = Math.min(...X.flatMap((x) => referenceForward(net, x).pre.map(Math.abs)));
  assert.ok(kink > 1e-3, `a pre-activation is ${kink} from the kink: choose another seed`);

  const analytic = net.gradient(X, y);
  const numeric = new Float64Array(net.size);
  const w = net.getWeights();
  for (let k = 0; k < w.length; k++) {
    const saved = w[k]!;
    w[k] = saved + h;
    net.setWeights(w);
    const plus = net.objective(X, y);
    w[k] = saved - h;
    net.setWeights(w);
    const minus = net.objective(X, y);
    w[k] = saved;
    numeric[k] = (plus - minus) / (2 * h);
  }
  net.setWeights(w);
  for (const block of net.blocks) {
    let diff = 0, norm = 0;
    for (let k = block.offset; k < block.offset + block.length; k++) {
      diff += (analytic[k]! - numeric[k]!) ** 2;
      norm += analytic[k]! ** 2 + numeric[k]! ** 2;
    }
    const relative = Math.sqrt(diff) / Math.sqrt(norm);
    assert.ok(norm > 0, `${block.name} has a zero gradient`);
    assert.ok(relative < 1e-6, `${block.name}: relative error ${relative}`);
  }
});

Deno.test("fits a smooth nonlinear function of three inputs: held-out R^2 > 0.95 with default settings", () => {
  const train = sample(2000, 11), test = sample(1000, 12);
  const net = new ImpactNetwork({ inputs: 3, hidden: [32, 16], seed: 1 });
  net.fit(train.X, train.y, { epochs: 100, batchSize: 32 });
  const r2 = net.score(test.X, test.y);
  assert.ok(r2 > 0.95, `held-out R^2 ${r2}`);
});

Deno.test("plain SGD (and SGD with momentum) also learns the function", () => {
  const train = sample(2000, 13), test = sample(500, 14);
  for (const momentum of [0, 0.9]) {
    const net = new ImpactNetwork({ inputs: 3, hidden: [32, 16], seed: 2, optimizer: "sgd", momentum });
    net.fit(train.X, train.y, { epochs: 100, batchSize: 32 });
    const r2 = net.score(test.X, test.y);
    assert.ok(r2 > 0.9, `SGD momentum ${momentum}: held-out R^2 ${r2}`);
  }
});

Deno.test("the same seed gives the same weights and predictions; another seed does not", () => {
  const { X, y } = sample(300, 15);
  const run = (seed: number) => {
    const net = new ImpactNetwork({ inputs: 3, hidden: [8, 8], seed });
    net.fit(X, y, { epochs: 5, batchSize: 16 });
    return net;
  };
  const a = run(4), b = run(4), c = run(5);
  assert.deepEqual(a.getWeights(), b.getWeights());
  assert.deepEqual(a.predict(X), b.predict(X));
  assert.notDeepEqual(a.getWeights(), c.getWeights());
});

Deno.test("JSON round trip is exact: same weights, bit-identical predictions", () => {
  const { X, y } = sample(200, 16);
  const net = new ImpactNetwork({ inputs: 3, hidden: [8, 4], seed: 6, learningRate: 3e-3 });
  net.fit(X, y, { epochs: 3, batchSize: 8 });
  const copy = ImpactNetwork.fromJSON(JSON.parse(JSON.stringify(net)));
  assert.deepEqual(copy.toJSON(), net.toJSON());
  assert.deepEqual(copy.predict(X), net.predict(X));
});

Deno.test("trainStep does one step of full backpropagation on one sample and lowers its error", () => {
  const net = new ImpactNetwork({ inputs: 3, hidden: [8, 8], seed: 9, optimizer: "sgd", learningRate: 0.01 });
  const x = [0.5, -0.2, 1], y = 2;
  const before = (net.forward(x) - y) ** 2;
  const gradient = net.gradient([x], [y]), weights = net.getWeights();
  assertClose(net.trainStep(x, y), before, { rel: 1e-15 });
  // Plain SGD: every weight moved by exactly -learningRate * gradient.
  const moved = net.getWeights();
  for (let k = 0; k < moved.length; k++) {
    assertClose(moved[k]!, weights[k]! - 0.01 * gradient[k]!, { abs: 1e-15 });
  }
  assert.ok((net.forward(x) - y) ** 2 < before);
});

Deno.test("validation by fraction holds out the LAST rows; early stopping restores the best weights", () => {
  const { X, y } = sample(400, 17);
  const noisy = y.map((v, i) => v + (i % 2 ? 1.5 : -1.5)); // noise to overfit
  const net = new ImpactNetwork({ inputs: 3, hidden: [32, 16], seed: 3, learningRate: 1e-2 });
  const history = net.fit(X, noisy, {
    epochs: 300,
    batchSize: 8,
    validation: 0.25,
    earlyStopping: { patience: 5 },
  });
  assert.ok(history.stoppedEarly);
  assert.equal(history.validationLoss.length, history.trainLoss.length);
  assert.equal(history.validationLoss.length, history.bestEpoch + 5);
  const best = Math.min(...history.validationLoss);
  assert.equal(history.validationLoss[history.bestEpoch - 1], best);
  // The restored weights reproduce the best validation loss on the last 100 rows.
  const held = net.predict(X.slice(300));
  const mse = held.reduce((s, p, i) => s + (p - noisy[300 + i]!) ** 2, 0) / 100;
  assertClose(mse, best, { rel: 1e-12 });
});

Deno.test("onEpoch sees every epoch and can stop training; explicit validation sets work", () => {
  const { X, y } = sample(100, 18);
  const seen: EpochReport[] = [];
  const net = new ImpactNetwork({ inputs: 3, hidden: [4, 4], seed: 1 });
  const history = net.fit(X, y, {
    epochs: 10,
    batchSize: 10,
    validation: { X: X.slice(0, 10), y: y.slice(0, 10) },
    onEpoch: (r) => {
      seen.push(r);
      return r.epoch < 4;
    },
  });
  assert.deepEqual(seen.map((r) => r.epoch), [1, 2, 3, 4]);
  assert.ok(seen.every((r) => r.validationLoss !== undefined && r.epochs === 10));
  assert.equal(history.trainLoss.length, 4);
  assert.ok(history.stoppedEarly);
});

Deno.test("fitAsync gives the same result as fit", async () => {
  const { X, y } = sample(100, 19);
  const a = new ImpactNetwork({ inputs: 3, hidden: [4, 4], seed: 1 });
  const b = new ImpactNetwork({ inputs: 3, hidden: [4, 4], seed: 1 });
  const ha = a.fit(X, y, { epochs: 3, batchSize: 7, validation: 0.2 });
  const hb = await b.fitAsync(X, y, {
    epochs: 3,
    batchSize: 7,
    validation: 0.2,
    onEpoch: () => Promise.resolve(),
  });
  assert.deepEqual(ha, hb);
  assert.deepEqual(a.getWeights(), b.getWeights());
});

Deno.test("a batch larger than the data is one full-batch step per epoch", () => {
  const { X, y } = sample(20, 20);
  const net = new ImpactNetwork({ inputs: 3, hidden: [4], seed: 1 });
  assert.equal(net.fit(X, y, { epochs: 2, batchSize: 1000 }).trainLoss.length, 2);
});

Deno.test("bad input gets clear errors", () => {
  const net = new ImpactNetwork({ inputs: 2, hidden: [4, 4], seed: 1 });
  const fit = (X: number[][], y: number[], o: Partial<Parameters<ImpactNetwork["fit"]>[2]> = {}) =>
    net.fit(X, y, { epochs: 1, batchSize: 1, ...o });
  assertThrowsWith(
    () => fit([[1, 2], [3]], [1, 2]),
    TypeError,
    /X\[1\] must have 2 columns: current length is 1/,
  );
  assertThrowsWith(() => fit([[1, 2, 3]], [1]), TypeError, /X\[0\] must have 2 columns: current length is 3/);
  assertThrowsWith(
    () => fit([[1, NaN]], [1]),
    RangeError,
    /X\[0\]\[1\] must be a finite number: current value is NaN/,
  );
  assertThrowsWith(() => fit([[1, 2]], [NaN]), RangeError, /y\[0\] must be a finite number/);
  assertThrowsWith(() => fit([], []), RangeError, /X is empty/);
  assertThrowsWith(() => fit([[1, 2]], [1, 2]), TypeError, /same length/);
  assertThrowsWith(
    () => fit([[1, 2]], [1], { batchSize: 0 }),
    RangeError,
    /batchSize must be an integer >= 1: current value is 0/,
  );
  assertThrowsWith(
    () => fit([[1, 2]], [1], { batchSize: 2.5 }),
    RangeError,
    /batchSize must be an integer >= 1/,
  );
  assertThrowsWith(() => fit([[1, 2]], [1], { epochs: 0 }), RangeError, /epochs must be an integer >= 1/);
  assertThrowsWith(
    () => fit([[1, 2]], [1], { earlyStopping: true }),
    RangeError,
    /earlyStopping needs validation/,
  );
  assertThrowsWith(
    () => fit([[1, 2], [3, 4]], [1, 2], { validation: 0.1 }),
    RangeError,
    /leaves an empty set/,
  );
  assertThrowsWith(() => net.forward([1]), TypeError, /must have 2 columns/);
  assertThrowsWith(
    () => new ImpactNetwork({ inputs: 0, hidden: [4], seed: 1 }),
    RangeError,
    /inputs must be an integer >= 1/,
  );
  assertThrowsWith(
    () => new ImpactNetwork({ inputs: 2, hidden: [], seed: 1 }),
    TypeError,
    /hidden must be a non-empty array/,
  );
  assertThrowsWith(
    () => new ImpactNetwork({ inputs: 2, hidden: [4, 0], seed: 1 }),
    RangeError,
    /hidden\[1\] must be an integer >= 1/,
  );
  assertThrowsWith(
    () => new ImpactNetwork({ inputs: 2, hidden: [4], seed: 1.5 }),
    RangeError,
    /seed must be an integer/,
  );
  assertThrowsWith(
    () => new ImpactNetwork({ inputs: 2, hidden: [4], seed: 1, optimizer: "rmsprop" as never }),
    RangeError,
    /optimizer must be "adam" or "sgd"/,
  );
  assertThrowsWith(
    () => new ImpactNetwork({ inputs: 2, hidden: [4], seed: 1, learningRate: 0 }),
    RangeError,
    /learningRate must be finite and > 0/,
  );
});

Deno.test("a diverging network throws instead of returning weights that predict Infinity", () => {
  const rng = new SeededRandom(4);
  const X = Array.from({ length: 40 }, () => [rng.normal(), rng.normal()]);
  const y = X.map(([a, b]) => a! - 0.5 * b!);
  for (const optimizer of ["adam", "sgd"] as const) {
    // One full-batch epoch: the loss is measured before the step (finite), the step itself diverges.
    const net = new ImpactNetwork({ inputs: 2, hidden: [8, 4], seed: 1, optimizer, learningRate: 1e200 });
    assertThrowsWith(
      () => net.fit(X, y, { epochs: 1, batchSize: 40 }),
      RangeError,
      /^Cannot fit network: training diverged .*lower learningRate, now 1e\+200/,
    );
    const stepper = new ImpactNetwork({ inputs: 2, hidden: [8, 4], seed: 1, optimizer, learningRate: 1e200 });
    assert.throws(() => {
      for (let i = 0; i < 5; i++) stepper.trainStep(X[i]!, y[i]!);
    }, /^RangeError: Cannot train network step: training diverged/);
  }
  // A sane learning rate trains and predicts finite values.
  const ok = new ImpactNetwork({ inputs: 2, hidden: [8, 4], seed: 1 });
  ok.fit(X, y, { epochs: 5, batchSize: 8 });
  assert.ok(ok.predict(X).every(Number.isFinite));
});
