# entrypoints: pkg, pkg/sub
# query: x = data.pkg
package pkg

p := 1

sub.q := 2

# Functions are not part of the document.
f(x) := x
