# query: data.test.p[x] = y; z := x
package test

p := {"a": 1, "b": 2}
