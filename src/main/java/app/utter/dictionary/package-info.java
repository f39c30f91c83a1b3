/**
 * A person's pronunciation dictionary: rules that replace a word or phrase by how it should be said, applied to
 * every text before it is split and spoken; imported from and exported to W3C PLS lexicon files.
 */
package app.utter.dictionary;
