// The histogram loop as a tiny WebAssembly function that runs inside tfjs-backend-wasm's own memory
// (it imports that Memory), so it reads the tensors where they live: no copies in or out.
// Why not the JS loop: on 800K × 17 binned rows V8 manages 5–8 ns per (row, feature) update, C at -O2
// 1.5 ns (bench/trainHistogram.ts); the update is load-add-store into a small table, which JITed JS
// surrounds with bounds checks. The module is assembled here from opcodes (about 200 bytes) rather
// than shipped as a binary, so the source of the kernel is this file.
//
// hist(codes, stride, numFeatures, offsets, rows, m, grad, hess, out), all byte addresses in memory:
//   for i in 0..m: r = rows[i]; for f in 0..numFeatures:
//     o = out + offsets[f] + codes[r·stride + f] · 24            (offsets[f] = first bin of f × 24)
//     f64[o] += grad[r]; f64[o+8] += hess[r]; f64[o+16] += 1
// The additions happen in the same order and precision (f32 promoted to f64) as accumulateHistogram,
// so both give bit-identical sums.

const Op = {
  Block: 0x02,
  Loop: 0x03,
  End: 0x0b,
  Br: 0x0c,
  BrIf: 0x0d,
  LocalGet: 0x20,
  LocalSet: 0x21,
  LocalTee: 0x22,
  I32Load: 0x28,
  F32Load: 0x2a,
  F64Load: 0x2b,
  I32Load8U: 0x2d,
  F32Store: 0x38,
  F64Store: 0x39,
  I32Const: 0x41,
  F64Const: 0x44,
  I32Eqz: 0x45,
  I32LtU: 0x49,
  I32Add: 0x6a,
  I32Mul: 0x6c,
  I32Shl: 0x74,
  F64Add: 0xa0,
  F64PromoteF32: 0xbb,
} as const;
const VOID = 0x40;
const I32 = 0x7f;
const F64 = 0x7c;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function f64Bytes(x: number): number[] {
  return [...new Uint8Array(new Float64Array([x]).buffer)];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];
}

const get = (l: number) => [Op.LocalGet, l];
const set = (l: number) => [Op.LocalSet, l];
const i32 = (v: number) => [Op.I32Const, ...uleb(v)]; // small non-negative constants only
/** memarg: alignment exponent, byte offset */
const mem = (op: number, align: number, offset = 0) => [op, align, ...uleb(offset)];
/** ptr + index·4 */
const word = (ptr: number, index: number) => [...get(ptr), ...get(index), ...i32(2), Op.I32Shl, Op.I32Add];
/** f64 at (local o) + offset += value */
const addTo = (o: number, offset: number, value: number[]) => [...get(o), ...get(o), ...mem(Op.F64Load, 3, offset), ...value, Op.F64Add, ...mem(Op.F64Store, 3, offset)];
/** loop { body; local++; br_if local < limit } */
const countedLoop = (local: number, limit: number, body: number[]) => [
  ...i32(0), ...set(local),
  Op.Loop, VOID, ...body, ...get(local), ...i32(1), Op.I32Add, Op.LocalTee, local, ...get(limit), Op.I32LtU, Op.BrIf, 0, Op.End,
];
const ONE = [Op.F64Const, ...f64Bytes(1)];

function functionBody(locals: number[], code: number[]): number[] {
  const fn = [...locals, ...code, Op.End];
  return [...uleb(fn.length), ...fn];
}

/** hist over row-major codes: params 0..8, locals I R BASE F O (i32), G H (f64). */
function rowMajorBody(): number[] {
  const [CODES, STRIDE, NF, OFFS, ROWS, M, GRAD, HESS, OUT] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [I, R, BASE, F, O, G, H] = [9, 10, 11, 12, 13, 14, 15];
  const perFeature = [
    ...get(OUT), ...word(OFFS, F), ...mem(Op.I32Load, 2), Op.I32Add,
    ...get(BASE), ...get(F), Op.I32Add, ...mem(Op.I32Load8U, 0), ...i32(24), Op.I32Mul, Op.I32Add, ...set(O),
    ...addTo(O, 0, get(G)), ...addTo(O, 8, get(H)), ...addTo(O, 16, ONE),
  ];
  const perRow = [
    ...word(ROWS, I), ...mem(Op.I32Load, 2), ...set(R),
    ...get(CODES), ...get(R), ...get(STRIDE), Op.I32Mul, Op.I32Add, ...set(BASE),
    ...word(GRAD, R), ...mem(Op.F32Load, 2), Op.F64PromoteF32, ...set(G),
    ...word(HESS, R), ...mem(Op.F32Load, 2), Op.F64PromoteF32, ...set(H),
    ...countedLoop(F, NF, perFeature),
  ];
  const code = [Op.Block, VOID, ...get(M), Op.I32Eqz, Op.BrIf, 0, ...get(NF), Op.I32Eqz, Op.BrIf, 0, ...countedLoop(I, M, perRow), Op.End];
  return functionBody([2, ...uleb(5), I32, ...uleb(2), F64], code);
}

/**
 * hist over column-major codes (codes[f·n + r]): first gather the node's gradients into `scratch`
 * (f32 pairs, in row order), then one pass per feature. Params 0..9, locals I R F O COL OB SP (i32).
 */
function columnMajorBody(): number[] {
  const [CODES, N, NF, OFFS, ROWS, M, GRAD, HESS, OUT, SCRATCH] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [I, R, F, O, COL, OB, SP] = [10, 11, 12, 13, 14, 15, 16];
  const scratchAt = [...get(SCRATCH), ...get(I), ...i32(3), Op.I32Shl, Op.I32Add, ...set(SP)];
  const gather = [
    ...word(ROWS, I), ...mem(Op.I32Load, 2), ...set(R),
    ...scratchAt,
    ...get(SP), ...word(GRAD, R), ...mem(Op.F32Load, 2), ...mem(Op.F32Store, 2, 0),
    ...get(SP), ...word(HESS, R), ...mem(Op.F32Load, 2), ...mem(Op.F32Store, 2, 4),
  ];
  const perRow = [
    ...get(OB), ...get(COL), ...word(ROWS, I), ...mem(Op.I32Load, 2), Op.I32Add, ...mem(Op.I32Load8U, 0), ...i32(24), Op.I32Mul, Op.I32Add, ...set(O),
    ...scratchAt,
    ...addTo(O, 0, [...get(SP), ...mem(Op.F32Load, 2, 0), Op.F64PromoteF32]),
    ...addTo(O, 8, [...get(SP), ...mem(Op.F32Load, 2, 4), Op.F64PromoteF32]),
    ...addTo(O, 16, ONE),
  ];
  const perFeature = [
    ...get(CODES), ...get(F), ...get(N), Op.I32Mul, Op.I32Add, ...set(COL),
    ...get(OUT), ...word(OFFS, F), ...mem(Op.I32Load, 2), Op.I32Add, ...set(OB),
    ...countedLoop(I, M, perRow),
  ];
  const code = [
    Op.Block, VOID, ...get(M), Op.I32Eqz, Op.BrIf, 0, ...get(NF), Op.I32Eqz, Op.BrIf, 0,
    ...countedLoop(I, M, gather),
    ...countedLoop(F, NF, perFeature),
    Op.End,
  ];
  return functionBody([1, ...uleb(7), I32], code);
}

export function histogramModuleBytes(): Uint8Array {
  const sig = (params: number) => [0x60, ...uleb(params), ...Array<number>(params).fill(I32), 0x00];
  const types = [0x02, ...sig(9), ...sig(10)];
  const imports = [0x01, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01];
  const functions = [0x02, 0x00, 0x01];
  const exports = [0x02, ...name('hist'), 0x00, 0x00, ...name('histColumns'), 0x00, 0x01];
  const code = [0x02, ...rowMajorBody(), ...columnMajorBody()];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, functions),
    ...section(7, exports),
    ...section(10, code),
  ]);
}

export type HistogramFn = (codes: number, stride: number, numFeatures: number, offsets: number, rows: number, m: number, grad: number, hess: number, out: number) => void;
/** Column-major variant: `n` rows per code column; `scratch` holds 8·m bytes. */
export type HistogramColumnsFn = (codes: number, n: number, numFeatures: number, offsets: number, rows: number, m: number, grad: number, hess: number, out: number, scratch: number) => void;

export interface HistogramFunctions {
  readonly hist: HistogramFn;
  readonly histColumns: HistogramColumnsFn;
}

/** The slice of the WebAssembly JS API used here, typed locally: src/core compiles without DOM libs. */
export interface WasmMemoryLike {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemoryLike;
}

function wasmApi(): WasmApi {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) throw new Error('WebAssembly is not available in this runtime');
  return api;
}

export function isWasmMemory(x: unknown): x is WasmMemoryLike {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  return api !== undefined && x instanceof api.Memory;
}

let compiled: object | null = null;
const instances = new WeakMap<WasmMemoryLike, HistogramFunctions>();

/** The functions bound to `memory` (one instance per memory, compiled once). */
export function histogramFunctionsFor(memory: WasmMemoryLike): HistogramFunctions {
  let fns = instances.get(memory);
  if (!fns) {
    const api = wasmApi();
    compiled ??= new api.Module(histogramModuleBytes());
    const instance = new api.Instance(compiled, { env: { memory } });
    fns = { hist: instance.exports.hist as HistogramFn, histColumns: instance.exports.histColumns as HistogramColumnsFn };
    instances.set(memory, fns);
  }
  return fns;
}

/** A standalone memory (tests and benches run the wasm loop outside tfjs with it). */
export function createWasmMemory(bytes: number): WasmMemoryLike {
  return new (wasmApi().Memory)({ initial: Math.ceil(bytes / 65536) + 1 });
}
