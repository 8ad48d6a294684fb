// SIMD exp, erf, sqrt, square, rsqrt. Stock tfjs-backend-wasm 4.22 runs scalar loops (exp ≈ 8 ns, sqrt ≈ 2 ns per
// element): GELU's erf and its gradient's exp(−x²) run on [B·T, 4H] every layer, and Adam takes sqrt and square
// of every parameter every step.
#include <wasm_simd128.h>

// exp: range reduction x = n·ln2 + r with n rounded by the magic-number trick (adding 1.5·2^23 + 127 leaves
// n + 127 in the low mantissa bits, so a shift gives 2^n; no floor or float→int conversion, both slow in V8),
// then Cephes' degree-6 polynomial for e^r. n may reach 127 only, so x above 88.37 is computed as
// 2·exp(x − ln2). ≤ 2 ulp up to ln(FLT_MAX) ≈ 88.72, +inf above, 0 below −87.34 (true values there are
// < 1.2e−38), NaN propagates.
static v128_t exp_f32x4(v128_t x) {
  const v128_t overflow = wasm_f32x4_splat(88.72283935546875f), underflow = wasm_f32x4_splat(-87.3365478515625f);
  const v128_t safe = wasm_f32x4_splat(88.3762626647949f);
  const v128_t magic = wasm_f32x4_splat(12583039.0f);  // 0x1.8000FEp23
  v128_t clamped = wasm_f32x4_pmax(wasm_f32x4_pmin(x, overflow), underflow);
  v128_t big = wasm_f32x4_gt(clamped, safe);
  clamped = wasm_v128_bitselect(wasm_f32x4_sub(clamped, wasm_f32x4_splat(0.693147180559945f)), clamped, big);
  v128_t biased = wasm_f32x4_add(wasm_f32x4_mul(clamped, wasm_f32x4_splat(1.44269504088896341f)), magic);
  v128_t pow2n = wasm_i32x4_shl(biased, 23);
  v128_t n = wasm_f32x4_sub(biased, magic);
  v128_t r = wasm_f32x4_sub(clamped, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, wasm_f32x4_splat(-2.12194440e-4f)));
  v128_t r2 = wasm_f32x4_mul(r, r);
  v128_t y = wasm_f32x4_splat(1.9875691500e-4f);
  y = wasm_f32x4_add(wasm_f32x4_mul(y, r), wasm_f32x4_splat(1.3981999507e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, r), wasm_f32x4_splat(8.3334519073e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, r), wasm_f32x4_splat(4.1665795894e-2f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, r), wasm_f32x4_splat(1.6666665459e-1f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, r), wasm_f32x4_splat(5.0000001201e-1f));
  y = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(y, r2), r), wasm_f32x4_splat(1.0f));
  v128_t result = wasm_f32x4_mul(y, pow2n);
  result = wasm_v128_bitselect(wasm_f32x4_add(result, result), result, big);
  result = wasm_v128_bitselect(wasm_f32x4_splat(__builtin_inff()), result, wasm_f32x4_gt(x, overflow));
  return wasm_v128_bitselect(wasm_f32x4_splat(0.0f), result, wasm_f32x4_lt(x, underflow));
}

// erf: the odd/even rational approximation TensorFlow and Eigen use for float (inputs clamped to [−4, 4],
// where erf is ±1 in float32); absolute error ≈ 1e−7.
static v128_t erf_f32x4(v128_t input) {
  v128_t x = wasm_f32x4_pmax(wasm_f32x4_pmin(input, wasm_f32x4_splat(4.0f)), wasm_f32x4_splat(-4.0f));
  v128_t x2 = wasm_f32x4_mul(x, x);
  v128_t p = wasm_f32x4_splat(-2.72614225801306e-10f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), wasm_f32x4_splat(2.77068142495902e-08f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), wasm_f32x4_splat(-2.10102402082508e-06f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), wasm_f32x4_splat(-5.69250639462346e-05f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), wasm_f32x4_splat(-7.34990630326855e-04f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), wasm_f32x4_splat(-2.95459980854025e-03f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), wasm_f32x4_splat(-1.60960333262415e-02f));
  p = wasm_f32x4_mul(p, x);
  v128_t q = wasm_f32x4_splat(-1.45660718464996e-05f);
  q = wasm_f32x4_add(wasm_f32x4_mul(q, x2), wasm_f32x4_splat(-2.13374055278905e-04f));
  q = wasm_f32x4_add(wasm_f32x4_mul(q, x2), wasm_f32x4_splat(-1.68282697438203e-03f));
  q = wasm_f32x4_add(wasm_f32x4_mul(q, x2), wasm_f32x4_splat(-7.37332916720468e-03f));
  q = wasm_f32x4_add(wasm_f32x4_mul(q, x2), wasm_f32x4_splat(-1.42647390514189e-02f));
  return wasm_f32x4_div(p, q);
}

#define DEFINE_UNARY(NAME, FN)                                                  \
  static void NAME(float* out, const float* x, int n, float* tail) {            \
    int i = 0;                                                                  \
    for (; i + 4 <= n; i += 4) wasm_v128_store(out + i, FN(wasm_v128_load(x + i))); \
    if (i < n) {                                                                \
      int rest = n - i;                                                         \
      for (int j = 0; j < 4; j++) tail[j] = j < rest ? x[i + j] : 0.0f;         \
      wasm_v128_store(tail, FN(wasm_v128_load(tail)));                          \
      for (int j = 0; j < rest; j++) out[i + j] = tail[j];                      \
    }                                                                           \
  }

static v128_t sqrt_f32x4(v128_t x) { return wasm_f32x4_sqrt(x); }
static v128_t square_f32x4(v128_t x) { return wasm_f32x4_mul(x, x); }
static v128_t rsqrt_f32x4(v128_t x) { return wasm_f32x4_div(wasm_f32x4_splat(1.0f), wasm_f32x4_sqrt(x)); }

DEFINE_UNARY(exp_loop, exp_f32x4)
DEFINE_UNARY(erf_loop, erf_f32x4)
DEFINE_UNARY(sqrt_loop, sqrt_f32x4)
DEFINE_UNARY(square_loop, square_f32x4)
DEFINE_UNARY(rsqrt_loop, rsqrt_f32x4)

// op: 0 exp, 1 erf, 2 sqrt, 3 square, 4 rsqrt (IEEE-exact: correctly rounded sqrt and division). n elements; the tail goes through the same vector code via a zero-padded copy in `tail`
// (caller scratch of 4 floats), so every element sees identical arithmetic. One loop per op: a select inside
// the loop would make clang evaluate both functions.
__attribute__((export_name("unary_f32")))
void unary_f32(int op, float* out, const float* x, int n, float* tail) {
  switch (op) {
    case 0: exp_loop(out, x, n, tail); break;
    case 1: erf_loop(out, x, n, tail); break;
    case 2: sqrt_loop(out, x, n, tail); break;
    case 3: square_loop(out, x, n, tail); break;
    default: rsqrt_loop(out, x, n, tail); break;
  }
}
