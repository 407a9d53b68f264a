"""WeChat Official Account (公众号) channel: signature, crypto, parsing, replies, delivery."""
