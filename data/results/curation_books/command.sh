# the 123 Gutenberg books curated with paragraphs and with whole files as documents (glint curate's default for .txt);
# books.json, books.csv and books.png summarise the two curation.json (the slow cell of nbs/14_curate.ipynb runs all of this)
glint curate --data $GLINT_DATA_DIR/corpus/gutenberg_books --doc-split paragraph --decontaminate blimp,arc_easy,wikitext2 --out books_paragraph
glint curate --data $GLINT_DATA_DIR/corpus/gutenberg_books --decontaminate blimp,arc_easy,wikitext2 --out books_file
