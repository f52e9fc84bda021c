package numbers

ints := [0, 7, 1234567890123456789012345]

floats := [3.14, 0.5, 1e10, 2.5E-3, 1.0e+2]

negatives := [-0, -7, -3.14, -1e-3]

huge := 1e308

sum := 0.1 + 0.2
