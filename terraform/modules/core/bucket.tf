# Content bucket (docs/design.md, "Content bucket"): stories/, episodes/ and images/ prefixes.
resource "aws_s3_bucket" "content" {
  #checkov:skip=CKV_AWS_145:SSE-S3 is the platform's choice (docs/design.md); objects are only reachable through IAM and presigned URLs.
  #checkov:skip=CKV_AWS_144:Cross-region replication is not required: every object can be generated again from the table's requests.
  #checkov:skip=CKV_AWS_18:Server access logging would need a second bucket per environment; object access is already traced by CloudTrail data events where enabled.
  #checkov:skip=CKV2_AWS_62:No consumer listens to bucket notifications; stages hand work on through EventBridge.
  bucket = local.content_bucket
}

resource "aws_s3_bucket_ownership_controls" "content" {
  bucket = aws_s3_bucket.content.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "content" {
  bucket                  = aws_s3_bucket.content.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "content" {
  bucket = aws_s3_bucket.content.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "content" {
  bucket = aws_s3_bucket.content.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "content" {
  bucket = aws_s3_bucket.content.id

  # Panel images are an intermediate product: the episode's PDF and CBZ keep the pages.
  rule {
    id     = "expire-generated-images"
    status = "Enabled"

    filter {
      prefix = "images/"
    }

    expiration {
      days = var.generated_image_retention_days
    }
  }

  rule {
    id     = "tidy-versions-and-uploads"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_retention_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }

    expiration {
      expired_object_delete_marker = true
    }
  }

  depends_on = [aws_s3_bucket_versioning.content]
}

data "aws_iam_policy_document" "content_bucket" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.content.arn,
      "${aws_s3_bucket.content.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "content" {
  # Off only where the storage speaks plain http (content_bucket_tls_only = false in the emulator environment).
  count = var.content_bucket_tls_only ? 1 : 0

  bucket = aws_s3_bucket.content.id
  policy = data.aws_iam_policy_document.content_bucket.json

  depends_on = [aws_s3_bucket_public_access_block.content]
}
