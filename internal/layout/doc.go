// Package layout holds the tests of the repository's layout: the direction of its
// imports, what internal/ may be used for and the size of its files (STYLE.md, issue 11),
// so that the house stays as easy to see as it was made.
package layout
