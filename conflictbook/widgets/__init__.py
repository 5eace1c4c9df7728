"""Interactive HTML widgets (the network explorer, the filterable timeline); their JS and CSS are
package files."""
