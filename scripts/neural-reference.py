# Writes src/extract/neural/reference.tsv, the fixture the neural encoder's
# test compares against: token ids from Hugging Face's Python `tokenizers`,
# embeddings from this hand-written numpy BERT forward pass in float64 (mean
# pooling over the real tokens, L2 norm), independent of candle and of
# factdesk's Rust code. Run once, in a throwaway virtualenv outside the
# repository (no sentence-transformers, no model hub):
#
#   python3 -m venv /tmp/ref && /tmp/ref/bin/pip install numpy safetensors tokenizers
#   /tmp/ref/bin/python scripts/neural-reference.py MODEL_DIR < sentences.txt > src/extract/neural/reference.tsv
#
# MODEL_DIR is the directory scripts/install-model.sh filled; one sentence a
# line on stdin, a lone "#" for the empty sentence. The committed fixture was
# made with numpy 2.4.6, safetensors 0.8.0 and tokenizers 0.23.3.
import sys, math
import numpy as np
from tokenizers import Tokenizer
from safetensors.numpy import load_file

d = sys.argv[1]
tok = Tokenizer.from_file(d + "/tokenizer.json")
tok.no_padding()
tok.enable_truncation(256)
W = load_file(d + "/model.safetensors")
W = {k: v.astype(np.float64) for k, v in W.items()}

def ln(x, p, eps=1e-12):
    m = x.mean(-1, keepdims=True); v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * W[p + ".weight"] + W[p + ".bias"]

def lin(x, p):
    return x @ W[p + ".weight"].T + W[p + ".bias"]

erf = np.vectorize(math.erf)
def gelu(x):
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))

def embed(ids):
    n = len(ids)
    x = W["embeddings.word_embeddings.weight"][ids] + W["embeddings.position_embeddings.weight"][:n] + W["embeddings.token_type_embeddings.weight"][0]
    x = ln(x, "embeddings.LayerNorm")
    H, dh = 12, 32
    for l in range(6):
        p = f"encoder.layer.{l}."
        q = lin(x, p + "attention.self.query").reshape(n, H, dh).transpose(1, 0, 2)
        k = lin(x, p + "attention.self.key").reshape(n, H, dh).transpose(1, 0, 2)
        v = lin(x, p + "attention.self.value").reshape(n, H, dh).transpose(1, 0, 2)
        a = q @ k.transpose(0, 2, 1) / math.sqrt(dh)
        a = np.exp(a - a.max(-1, keepdims=True)); a /= a.sum(-1, keepdims=True)
        c = (a @ v).transpose(1, 0, 2).reshape(n, H * dh)
        x = ln(lin(c, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        h = gelu(lin(x, p + "intermediate.dense"))
        x = ln(lin(h, p + "output.dense") + x, p + "output.LayerNorm")
    e = x.mean(0)
    return e / np.linalg.norm(e)

for line in sys.stdin.read().split("\n"):
    if line == "#":
        line = ""
    elif not line:
        continue
    ids = tok.encode(line).ids
    e = embed(ids)
    print("sentence\t" + line)
    print("ids\t" + " ".join(map(str, ids)))
    print("embedding\t" + " ".join(f"{v:.6f}" for v in e))
