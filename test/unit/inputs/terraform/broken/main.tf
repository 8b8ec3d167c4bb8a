resource "aws_iam_role" "ok" {
  name               = "still-loaded"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}

resource "aws_iam_role" "bad" {
  name = "broken" +
}

resource "aws_iam_role_policy" "wide" {
  name   = "uses-unset-variable"
  role   = aws_iam_role.ok.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::${var.bucket}/*" }]
  })
}

variable "bucket" {}
