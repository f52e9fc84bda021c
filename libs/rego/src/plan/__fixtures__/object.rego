# entrypoints: test/o, test/lookup
# query: data.test.o[k] = v
package test

o[k] := v if {
	some k, v in input.m
}

o["fixed"] := 1

lookup := data.test.o[input.key]
