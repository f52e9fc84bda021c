# query: x = data.empty
package empty
