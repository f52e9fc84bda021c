# entrypoints: test/p
package test

# p.q.r may be both a value (first rule) and on the way to p.q.r.s.u (second rule): OPA reports a
# conflict rather than merging into the value, so value paths at depth 2 are recorded and checked.
p[q].r := v if {
	q := input.q
	v := {"s": {"t": 1}}
}

p.q.r.s.u := 42
