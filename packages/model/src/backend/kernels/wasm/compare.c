// Float comparisons with broadcasting, collapsed by the caller to 3 dims [d0, d1, d2] with per-operand element
// strides (innermost 1 or 0); bool output, one byte per element. Stock tfjs-backend-wasm 4.22 computes broadcast
// coordinates per element for comparisons (Equal of [320, 8000] with [320, 1], from logSumExp's gradient, took
// 67 ms; this takes ~1 ms). Arithmetic ops stay stock: their XNNPACK path is faster than this loop would be.

#define DEFINE_COMPARE(NAME, EXPR)                                                                             \
  static void NAME(unsigned char* out, const float* a, const float* b, int d0, int d1, int d2, int as0, int as1, \
                   int as2, int bs0, int bs1, int bs2) {                                                        \
    for (int i = 0; i < d0; i++) {                                                                              \
      for (int j = 0; j < d1; j++) {                                                                            \
        const float* pa = a + (long)i * as0 + (long)j * as1;                                                    \
        const float* pb = b + (long)i * bs0 + (long)j * bs1;                                                    \
        unsigned char* po = out + ((long)i * d1 + j) * d2;                                                      \
        for (int k = 0; k < d2; k++) {                                                                          \
          float x = pa[k * as2], y = pb[k * bs2];                                                               \
          po[k] = (EXPR) ? 1 : 0;                                                                               \
        }                                                                                                       \
      }                                                                                                         \
    }                                                                                                           \
  }

DEFINE_COMPARE(equal_f32, x == y)
DEFINE_COMPARE(not_equal_f32, x != y)
DEFINE_COMPARE(less_f32, x < y)
DEFINE_COMPARE(less_equal_f32, x <= y)
DEFINE_COMPARE(greater_f32, x > y)
DEFINE_COMPARE(greater_equal_f32, x >= y)

// op: 0 equal, 1 not equal, 2 less, 3 less-equal, 4 greater, 5 greater-equal.
__attribute__((export_name("compare_f32")))
void compare_f32(int op, unsigned char* out, const float* a, const float* b, int d0, int d1, int d2, int as0,
                 int as1, int as2, int bs0, int bs1, int bs2) {
  switch (op) {
    case 0: equal_f32(out, a, b, d0, d1, d2, as0, as1, as2, bs0, bs1, bs2); break;
    case 1: not_equal_f32(out, a, b, d0, d1, d2, as0, as1, as2, bs0, bs1, bs2); break;
    case 2: less_f32(out, a, b, d0, d1, d2, as0, as1, as2, bs0, bs1, bs2); break;
    case 3: less_equal_f32(out, a, b, d0, d1, d2, as0, as1, as2, bs0, bs1, bs2); break;
    case 4: greater_f32(out, a, b, d0, d1, d2, as0, as1, as2, bs0, bs1, bs2); break;
    case 5: greater_equal_f32(out, a, b, d0, d1, d2, as0, as1, as2, bs0, bs1, bs2); break;
    default: break;
  }
}
