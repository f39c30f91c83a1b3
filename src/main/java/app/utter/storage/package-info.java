/**
 * Where audio is kept: a local folder by default, or an S3-compatible bucket, behind {@link app.utter.storage.BlobStore}.
 */
package app.utter.storage;
