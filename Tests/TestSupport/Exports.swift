/// The seeded generator the tests share lives with the numeric kernels (the searches use it too).
@_exported import struct NumericKernels.SplitMix
