/* Compiled with -fopenmp by the kernel optimizer to find out whether a C compiler has working OpenMP. */
#include <omp.h>

int main(void) {
  int n = 0;
#pragma omp parallel reduction(+ : n)
  n += 1;
  return n > 0 ? 0 : 1;
}
