# A corpus of a whole city or province (issue 16): the retrieval at 1×, 5×, 20×, 50× the real corpus on
# synthetic copies (bench/scale.py; SCALE_SIZES=1,5,20 for a shorter run, SCALE_WORK=<dir> keeps the corpora
# and the shared vector cache between runs). Long: the 50× build encodes ~30k passages on first run.
.PHONY: bench-scale
SCALE_SIZES ?= 1,5,20,50
bench-scale: env model
	$(PY) -m bench.scale --sizes $(SCALE_SIZES) $(if $(SCALE_WORK),--work $(SCALE_WORK),)
