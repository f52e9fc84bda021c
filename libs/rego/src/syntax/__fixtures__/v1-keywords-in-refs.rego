package kwrefs

p if input.in == 1

q if input.if.contains.every

r if data.kwrefs.not.some.with

s := contains("abc", "b")
