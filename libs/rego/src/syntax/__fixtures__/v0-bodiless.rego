# rego: v0
package bodiless

p[x]

a.b.c

f(x)

q = 1

r[k] = v

g(1) = 2

keywords_as_names := [if, contains, in, every]

if := 1
