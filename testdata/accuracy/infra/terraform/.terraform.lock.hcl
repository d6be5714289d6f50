# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.46.0"
  constraints = "~> 5.40"
  hashes = [
    "h1:Ytrld5MM1E8024vqwthQuJA7XxpiuuRp6fdMv1cZp+o=",
    "zh:9f8dba178d2ae575084d97b77a33dd9566bc253b0a7d96fbeb5b1d500d977e5c",
    "zh:aafa4407b1dc151fac913440368750153e75bbf7e4fd9577b70e6dd9a0450995",
    "zh:23ae104da6bb3ccc584bd26db83261adeabc1965130772cd18c8c3f9e8c5233d",
    "zh:67b02e49301e06d10b2872f41f20be94f3526df323c08628dd3f7117afa5f6db",
    "zh:9283863102558cab87ea83c2e2d6ae8dbf15cb3a59e6becc367b61814ec579d6",
    "zh:11e6ff2ef03f6fa3611334410cbbcfaa0856dcbbc7dc0538eb6f0c14eff94e21",
  ]
}

provider "registry.terraform.io/datadog/datadog" {
  version     = "3.39.0"
  constraints = "~> 5.40"
  hashes = [
    "h1:66bdYwdX6nWQV4qyuHq3ZckYQ4R1NzF5j/vOraJLdrc=",
    "zh:1aa2b49f18dd8438e9d99bf6059bac563c9da2e9fa66961bd7567442df0fbbc1",
    "zh:b066f901c4784a38d47d0692258eb170a7eb7860e8caa4c094a0d267d688abe4",
    "zh:b164c3d5d4ce406e71d30b5218da678bcbe96f98d116d73c2a21133de7aa740a",
    "zh:c75a68e7354a7ce8d229368a59a31b330484a98ece2f04191d88b171af0bccce",
    "zh:596c0e0ed0b99d275e731a94d6f61e3bb2978bd2a1c40e2f39a5e339d4986ce6",
    "zh:91fa01f1d4ce7797c52c0d9f4b4584dc4265d324016fbe8db901bb8603e2410e",
  ]
}
