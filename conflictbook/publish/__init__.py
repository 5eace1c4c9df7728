"""Book tooling: build steps, the Sphinx extension, exports, the site check, the fork chapter's
examples."""
