<?xml version="1.0" encoding="UTF-8"?>
<!-- Shaped like the lexicons that TTS services export: aliases for acronyms and brands, IPA for names. -->
<lexicon version="1.0"
      xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
      xsi:schemaLocation="http://www.w3.org/2005/01/pronunciation-lexicon
        http://www.w3.org/TR/2007/CR-pronunciation-lexicon-20071212/pls.xsd"
      alphabet="ipa" xml:lang="en-US">
  <lexeme>
    <grapheme>BTW</grapheme>
    <alias>by the way</alias>
  </lexeme>
  <lexeme>
    <grapheme>Nginx</grapheme>
    <grapheme>NGINX</grapheme>
    <alias>engine x</alias>
  </lexeme>
  <lexeme>
    <grapheme>Siobhán</grapheme>
    <phoneme>ʃɪˈvɔːn</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>W3C</grapheme>
    <alias>World Wide Web Consortium</alias>
    <phoneme>ˈdʌbəl.juː θriː siː</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>Qwen</grapheme>
    <phoneme alphabet="x-sampa">tSwEn</phoneme>
  </lexeme>
</lexicon>
