# ruff: noqa: E501
"""Hand-written base stories for the dedup evaluation (invented events, invented people).

``BASES``: distinct events on varied topics. ``REWRITES``: a second outlet's write-up of
some of those events (same facts and quotes, different wording). ``SAME_ENTITY``: a
different event about the same people/places as a base (must NOT join its cluster).
"""

BASES: dict[str, str] = {
    "quake": """A magnitude 6.4 earthquake struck the coastal province of Valmera early on Tuesday, killing at least 27 people and injuring 310, the national disaster agency said.

The quake hit at 4:12 a.m. at a depth of 11 kilometres, about 40 kilometres south of the port city of Castrelo, according to the Geological Institute of Valmera.

Rescue teams were searching for survivors under collapsed apartment blocks in Castrelo, where at least 14 buildings came down. "We are still hearing voices under the rubble," said fire chief Ramona Ibarra.

Interior Minister Tomas Quiroga said 1,200 soldiers had been deployed and that field hospitals were being set up in two stadiums.

Power was cut to roughly 90,000 homes. The agency warned that aftershocks of magnitude 5 or higher were possible over the coming days.

The region was last hit by a major quake in 1987, when 112 people died.""",
    "rates": """The Northland Central Bank raised its main interest rate by a quarter point to 4.75 percent on Thursday, its third increase this year, as inflation stayed stubbornly above target.

Governor Elsa Varga said consumer prices rose 5.2 percent in the year to September, well above the bank's 2 percent goal. "We will do what is necessary to bring inflation back to target," Varga told reporters in Hollberg.

Seven of the nine members of the monetary policy committee voted for the increase, while two preferred to hold rates steady.

The Northland krona rose 0.6 percent against the euro after the decision. Economists at Fjordbank had expected the move but said the bank's language pointed to at least one more rise in December.

Mortgage lenders said monthly repayments on a typical home loan would rise by about 48 krona.""",
    "derby": """Rovers came from two goals down to beat City 3-2 in a thrilling derby at Millfield Park on Saturday, with substitute Kofi Mensah scoring the winner in stoppage time.

City led 2-0 at half-time through a penalty from Luca Bertini and a header from captain Sam Okafor.

Rovers pulled one back in the 58th minute when Daniel Roe curled in a free kick, and Mensah, on for only six minutes, equalised in the 81st before his 93rd-minute winner.

"I told the lads at half-time that nobody remembers the first half," said Rovers manager Ian Pollard. "The character they showed was unbelievable."

The result lifts Rovers to fourth in the table, two points behind City, in front of a crowd of 41,377.

City manager Pedro Alves said his side had "switched off" after the break and would need to react quickly before Wednesday's cup tie.""",
    "drug": """Regulators in the Federal Union approved the first pill to treat severe food allergies in children on Monday, a decision doctors said could change daily life for hundreds of thousands of families.

The drug, called Alveron and made by Brightwater Pharmaceuticals, reduced serious allergic reactions by 68 percent in a trial of 1,140 children aged four to 17.

"Parents have lived with the fear of a single peanut for too long," said Dr. Miriam Osei, who led the trial at Eastgate Children's Hospital.

The Federal Medicines Agency said the most common side effects were stomach pain and headaches, and that the pill must be taken daily for at least six months.

Brightwater said the list price would be 310 dollars a month. Shares in the company rose 12 percent in early trading.""",
    "strike": """Train drivers across Dornia will walk out for 48 hours from Friday after talks over pay and working hours collapsed late on Wednesday, the drivers' union said.

The Union of Rail Workers said its 18,000 members had rejected an offer of a 4 percent rise over two years. The union is demanding 9 percent and a shorter working week.

"This offer does not even cover what our members lost to inflation," union leader Gregor Haas said outside the transport ministry.

State operator DornRail said it expected to run only one in five long-distance services and urged passengers to postpone trips.

Transport Minister Ilse Brandt called the strike "irresponsible" and said the government would not intervene in negotiations.

It is the third stoppage since March. The last one, in June, cost the economy an estimated 120 million euros a day, according to the Chamber of Commerce.""",
    "wildfire": """A wildfire in the hills above the town of Pinecrest had burned more than 8,500 acres by Sunday evening and forced the evacuation of about 6,000 residents, fire officials said.

The blaze, named the Cedar Ridge Fire, was 15 percent contained after strong winds pushed it across two ridgelines overnight. At least 23 homes have been destroyed.

"The wind is our biggest enemy right now," said incident commander Laura Kessler. "We have 900 firefighters on the line and more coming."

Highway 14 was closed in both directions and three schools were turned into shelters. No deaths have been reported, but two firefighters were treated for heat exhaustion.

Investigators said the cause was not yet known. Forecasters expect humidity to rise on Tuesday, which could help crews.""",
    "election": """Voters in the city of Marlow elected Priya Raman as mayor on Tuesday, making her the first woman to lead the city in its 180-year history.

Raman, a former schoolteacher and city councillor, won 54 percent of the vote against 41 percent for incumbent mayor Victor Hale, according to unofficial results. Turnout was 38 percent.

"Tonight Marlow chose to look forward," Raman told supporters at a community hall in the Eastside district. "Now the real work begins."

Hale conceded shortly before midnight and said he would help with the transition.

Raman campaigned on building 5,000 affordable homes and expanding the bus network. She takes office on January 2.""",
    "satellite": """The Orbis Space Agency lost contact with its new weather satellite, Meteor-7, about nine minutes after it lifted off from the Kalinga launch site on Wednesday.

The rocket's second stage appeared to shut down early, agency director Hiroshi Tanabe told a news conference. "We do not yet know whether the satellite reached a stable orbit," he said.

The 420 million dollar satellite was meant to replace Meteor-5, which has been in service for 14 years and is running low on fuel.

Tracking stations in Norway and Chile were trying to locate the spacecraft. An investigation board would be set up within 48 hours, Tanabe said.

It was the agency's second launch failure in three years. In 2022, a cargo mission was lost when its first stage exploded 70 seconds after launch.""",
    "merger": """Harlow Foods agreed on Monday to buy rival snack maker Crispin Brands for 6.3 billion dollars in cash, creating the second-largest snack company in the country.

Harlow will pay 54 dollars a share, a premium of 31 percent to Crispin's closing price on Friday. The deal has been approved by both boards and is expected to close in the second half of next year.

"Together we can bring more of the brands people love to more shelves," Harlow chief executive Dana Whitfield said in a statement.

The combined company will have annual sales of about 14 billion dollars and 22,000 employees. Harlow said it expected 400 million dollars of yearly cost savings, partly by closing overlapping factories.

The deal needs approval from competition regulators. Crispin shares jumped 27 percent in morning trading.""",
    "museum": """The National Museum of Esterra reopened on Saturday after a five-year renovation that cost 215 million euros and doubled its exhibition space.

More than 12,000 visitors queued on the first day to see the new galleries, including a hall devoted to the Bronze Age treasure found at Kell Hill in 2009.

"This museum belongs to everyone, and now everyone can see what it holds," said museum director Agnes Moretti.

The building's glass roof, designed by architect Felix Arnaud, lets daylight into a central courtyard that had been closed to the public since 1962.

Entry to the permanent collection will be free for under-18s. The museum expects 1.5 million visitors in its first year.""",
    "ferry": """A passenger ferry carrying 212 people ran aground off the island of Serra on Thursday night, and all on board were rescued, the coast guard said.

The ferry, the Aurora Star, struck rocks about 800 metres from the harbour of Porto Serra shortly after 9 p.m. in rough seas. Four passengers were taken to hospital with minor injuries.

"The crew acted quickly and calmly," coast guard spokesman Nikos Andreou said. "Everyone was off the ship within two hours."

The operator, Blue Line Ferries, said the vessel had passed a safety inspection in May. Divers were checking the hull for leaks and a tug was on its way.

The coast guard said it had opened an inquiry into why the ferry had strayed from the usual route.""",
    "vaccine": """Health officials in the Republic of Tessaly began a campaign on Monday to vaccinate 2 million children against measles after cases rose to 4,300 this year, the highest since 1998.

The Health Ministry said 11 children had died of the disease since January, most of them under five and unvaccinated.

"Measles is not a harmless childhood illness. It kills," Health Minister Sofia Lindqvist said at a clinic in the capital, Aldmoor.

Vaccination rates fell to 81 percent during the pandemic, well below the 95 percent needed to stop outbreaks, according to the World Health Organization.

Mobile teams will visit schools in the eight worst-hit districts, and clinics will open on weekends until the end of March.""",
    "court": """The Supreme Court of Calvera ruled on Wednesday that police need a warrant to search the contents of a suspect's mobile phone, in a 5-2 decision that overturned two lower-court rulings.

Writing for the majority, Justice Helena Marsh said a phone holds "the privacies of life" and cannot be treated like a wallet or a bag.

The case began in 2021, when officers in Port Delane searched the phone of Aaron Pike without a warrant after arresting him for a traffic offence and found messages used to convict him of fraud.

Pike's conviction was quashed and a retrial ordered. "This is a win for every citizen who owns a phone," his lawyer, Camille Doss, said outside the court.

Justice Raymond Ortez, writing for the minority, warned that the ruling would slow urgent investigations.""",
    "flood": """Heavy rain flooded large parts of the river town of Elbridge on Friday, forcing 3,400 people from their homes and cutting the main road to the capital, officials said.

The River Alder rose 4.6 metres above its normal level overnight, the highest reading since records began in 1911. Two people were missing after their car was swept off a bridge.

"The water came up faster than anyone expected," said mayor Colin Waverly, who spent the night at an emergency centre in the town hall.

Soldiers were filling sandbags to protect the hospital and a water treatment plant. The weather service issued a red warning for another 90 millimetres of rain by Sunday.

The regional government released 10 million crowns in emergency aid.""",
    "chess": """Seventeen-year-old Anika Rao became the youngest world chess champion in history on Sunday, beating defending champion Mikhail Dorn in a tense rapid tiebreak in Vellmar.

The classical games had ended 7-7 after three weeks of play. Rao won the tiebreak 2.5-1.5, clinching the title with a bold knight sacrifice in the fourth game.

"I did not sleep last night, and I think I will not sleep tonight either," Rao said, laughing, at the closing ceremony.

Dorn, 34, who had held the title since 2019, called his opponent "a player from another generation" and said he had no regrets.

Rao takes home 1.3 million dollars of the 2.5 million dollar prize fund.""",
    "bridge": """A section of the Kessel Street bridge in the city of Brannock collapsed into the river on Monday afternoon, sending three cars into the water and injuring nine people, emergency services said.

Divers rescued all the occupants of the cars. Two of the injured were in serious condition at St. Anne's Hospital, a spokeswoman for the city said.

The 60-metre bridge, built in 1958, had been due for repairs next spring after an inspection last year rated its condition as poor.

"We were warned, and we did not act fast enough," city council leader Martin Greaves said. "There will be a full and independent investigation."

Engineers were inspecting four other bridges of the same design, and river traffic was suspended for at least a week.""",
}

REWRITES: dict[str, str] = {
    "quake": """Twenty-seven people were killed and 310 hurt when a 6.4-magnitude quake shook Valmera's coast before dawn on Tuesday, disaster officials said.

Castrelo, the port city closest to the epicentre, bore the brunt: 14 buildings collapsed there, and firefighters were digging through concrete for people still trapped. "We are still hearing voices under the rubble," fire chief Ramona Ibarra told local television.

Interior Minister Tomas Quiroga announced that 1,200 troops were being sent to help and that stadiums would host field hospitals.

Around 90,000 households lost electricity. Officials urged residents to stay out of damaged buildings because strong aftershocks could follow.""",
    "rates": """Borrowing costs in Northland climbed again on Thursday as the central bank lifted its benchmark rate to 4.75 percent from 4.5 percent, its third hike of the year.

Inflation of 5.2 percent is "far too high", Governor Elsa Varga said in Hollberg, repeating that the bank "will do what is necessary to bring inflation back to target".

The decision was not unanimous: two of the nine rate-setters wanted no change. The krona gained 0.6 percent on the news, and analysts at Fjordbank now expect another increase in December.""",
    "derby": """Kofi Mensah came off the bench to score twice, including a 93rd-minute winner, as Rovers stunned City 3-2 at Millfield Park.

Luca Bertini's penalty and a Sam Okafor header had City cruising at the break. Daniel Roe's free kick on 58 minutes gave Rovers hope, and Mensah did the rest.

"Nobody remembers the first half," Rovers boss Ian Pollard said he had told his players. City's Pedro Alves admitted his team "switched off". A crowd of 41,377 saw Rovers move up to fourth.""",
    "ferry": """All 212 passengers and crew were rescued after the Aurora Star ferry hit rocks near Porto Serra harbour on Thursday evening, Serra's coast guard reported.

Four people suffered minor injuries. "The crew acted quickly and calmly," said coast guard spokesman Nikos Andreou, adding that the evacuation took less than two hours.

Blue Line Ferries, which operates the ship, said it had passed a safety check in May. An inquiry will examine why the vessel left its normal route in heavy seas.""",
    "chess": """Anika Rao, 17, is the new world chess champion after defeating Mikhail Dorn in rapid tiebreaks in Vellmar on Sunday, becoming the youngest player ever to win the crown.

After the classical match finished level at 7-7, Rao took the tiebreak 2.5-1.5, sealing it with a daring knight sacrifice. "I did not sleep last night, and I think I will not sleep tonight either," she joked.

Dorn, champion since 2019, described Rao as "a player from another generation". She wins 1.3 million dollars.""",
}

SAME_ENTITY: dict[str, str] = {
    "quake": """Interior Minister Tomas Quiroga presented a plan on Friday to hire 3,000 new police officers in Valmera over four years, saying crime in Castrelo had risen 9 percent since 2020.

The plan would cost 640 million over the period and includes new stations in the port district. "Safety is the first duty of the state," Quiroga told lawmakers.

Opposition leader Marta Solis said the figures were inflated and that the money should go to schools instead.""",
    "rates": """Northland Central Bank Governor Elsa Varga said on Monday she would step down when her term ends next year, ending eight years at the head of the bank in Hollberg.

Varga, 63, said she wanted to return to teaching economics at the University of Hollberg. "It has been the honour of my life to serve," she said in a letter to staff.

The finance ministry will begin the search for a successor in the spring. Analysts at Fjordbank said markets would watch closely whether the next governor kept the bank's focus on inflation.""",
    "election": """Marlow city councillor Priya Raman launched a campaign on Saturday to save the Eastside public library, which the city plans to close next year to save 1.1 million.

About 300 people joined a march from the library to City Hall. "A library is not a luxury," Raman said. Mayor Victor Hale said the budget left him no choice but promised to look at alternatives.""",
}
