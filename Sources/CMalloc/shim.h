// glibc's malloc tuning (mallopt) and statistics (mallinfo2), which the Glibc module leaves out.
#include <malloc.h>
