"""The words a question is read without: function words, question words and the filler people wrap around
what they ask. Kept apart from normalise.py, which applies them, so the list can grow without crowding it."""

from __future__ import annotations

# Words that carry no meaning for matching. Question words are kept out on purpose: "how many" appears in
# questions about every figure, so it cannot tell two facts apart; what the question is about does.
STOPWORDS = frozenset(
    """
    a an the and or but of to in on at by for from with about into over as than then so also there here this that
    these those it its it's is are was were be been being am do does did done doing have has had having get got
    gets getting can could would should will shall may might must i me my mine we us our you your yours he him his
    she her they them their what which who whom whose when where why how many much any some all each every
    please tell know let show give want like just really very quite tell me anything something thing
    things there's what's whats who's hi hello hey ok okay more most other others one ones up out if not no yes
    whether kind sort type types lot lots bit well
    don doesn didn isn aren wasn weren won't can't
    """.split()
    # Conversational filler: greetings, self-introductions and hedges that long questions wrap around their point.
    # None of these words is what a question about the facts is about, so they must not count against a fact.
    + """
    hi hello hey dear good morning afternoon evening thanks thank cheers sorry excuse
    wonder wondering wondered curious interested keen hoping hope
    remind reminding understand understanding learn learning find finding look looking see seeing
    heard hear read reading saw seen wanted need needed needs trying try
    quick quickly question questions ask asking asked answer briefly brief short simple simply
    roughly approximately around about exactly actually currently nowadays lately recently still even again
    maybe perhaps probably possibly somebody someone anyone everyone people
    happen happens happened right sure certain certainly offer offers offered provide provides provided
    number numbers count tally total quantity figure figures through expect expected supposed meant intended
    drive push effort efforts campaign overall pls plz thx according amount behind
    confirm confirming verify verifying check checking writing drafting preparing feature
    describe described describes describing depicted portrayed characterise characterize characterises characterizes
    characterised characterized regarded considered
    deemed viewed reckoned among amongst between credited shown pictured wise aboard onboard
    guy guys gentleman lady fellow chap bloke dude man woman person lowdown rundown scoop
    altogether overall told behalf mention mentions mentioned mentioning appear appears appeared appearing
    forget fine alright anyway whatever nevermind itself themselves himself herself yourself ourselves
    r u ur w n frm abt thru bc coz cuz
    plus apparently supposedly uncle aunt cousin cousins daughter son mother father mom mum dad parents wife husband
    brother sister friend friends colleague colleagues classmate neighbour neighbor grandfather grandmother kid kids
    wat wht whta wut wen whn wich whcih wihch wher whre hw mny meny wer wre waz whos wheres hows whens whys
    """.split()
)
